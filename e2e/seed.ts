import type { APIRequestContext } from "@playwright/test";
import { readZipkinV2Fixture } from "../test/fixtures";

/** Stores a Zipkin v2 fixture through the real ingest API and returns its trace id. */
export async function seedZipkinFixture(request: APIRequestContext, fixturePath: string): Promise<string> {
  const spans = readZipkinV2Fixture(fixturePath) as { traceId: string }[];
  const response = await request.post("/api/v2/spans", { data: spans });
  if (response.status() !== 202)
    throw new Error(`seeding ${fixturePath}: ${response.status()} ${await response.text()}`);
  return (spans[0] as { traceId: string }).traceId;
}
