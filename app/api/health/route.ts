import type { Health } from "@/lib/api/health";
import { pingDatabase } from "@/lib/db/traces";

/** 200 while the database answers, 503 while it does not: what a load balancer's check needs. */
export async function GET(): Promise<Response> {
  try {
    await pingDatabase();
    return Response.json({ status: "ok", database: "up" } satisfies Health);
  } catch (error) {
    const body: Health = { status: "unavailable", database: (error as Error).message };
    return Response.json(body, { status: 503 });
  }
}
