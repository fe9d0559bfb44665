import type { TestProject } from "vitest/node";
import { startTestServer } from "./test-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

/** One real server for the whole integration suite; each test file uses its own trace ids. */
export default async function setup(project: TestProject) {
  const server = await startTestServer(Number(process.env.INTEGRATION_PORT ?? 3216));
  project.provide("baseUrl", server.baseUrl);
  project.provide("databaseUrl", server.databaseUrl);
  return server.stop;
}
