import { pingDatabase } from "@/lib/db/traces";

/** 200 while the database answers, 503 while it does not: what a load balancer's check needs. */
export async function GET(): Promise<Response> {
  try {
    await pingDatabase();
    return Response.json({ status: "ok", database: "up" });
  } catch (error) {
    return Response.json({ status: "unavailable", database: (error as Error).message }, { status: 503 });
  }
}
