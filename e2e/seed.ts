import type { APIRequestContext } from "@playwright/test";

/** Stores Zipkin v2 spans through the real ingest API and returns their trace id. */
export async function seedZipkinTrace(request: APIRequestContext, spans: unknown[]): Promise<string> {
  const response = await request.post("/api/v2/spans", { data: spans });
  if (response.status() !== 202) throw new Error(`seeding: ${response.status()} ${await response.text()}`);
  return (spans[0] as { traceId: string }).traceId;
}
