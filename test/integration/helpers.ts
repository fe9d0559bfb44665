import { gzipSync } from "node:zlib";
import pg from "pg";
import { inject } from "vitest";

/** The running test server (test/global-setup.ts) and direct reads of its database. */
export const baseUrl = () => inject("baseUrl");

export function postSpans(
  body: unknown,
  init: { gzip?: boolean; contentType?: string } = {},
): Promise<Response> {
  const json = typeof body === "string" ? body : JSON.stringify(body);
  return fetch(`${baseUrl()}/api/v2/spans`, {
    method: "POST",
    headers: {
      "content-type": init.contentType ?? "application/json",
      ...(init.gzip ? { "content-encoding": "gzip" } : {}),
    },
    body: init.gzip ? gzipSync(json) : json,
  });
}

export async function query<Row extends pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function countSpans(): Promise<number> {
  const [row] = await query<{ n: number }>("SELECT count(*)::int AS n FROM spans");
  return row?.n ?? 0;
}

let sequence = 0;
/** A trace id no other test uses: tests share one database. */
export function uniqueTraceId(): string {
  sequence++;
  return `${Date.now().toString(16)}${process.pid.toString(16)}${sequence.toString(16)}`
    .padStart(32, "a")
    .slice(-32);
}
