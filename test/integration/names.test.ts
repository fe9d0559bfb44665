import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb } from "../../lib/db/pool";
import { maintainStorage } from "../../lib/db/retention";
import { DAY_US } from "../../lib/time/hours";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * The search form's suggestions (`GET /api/names/…`) over services and operations of this test's own,
 * stored through the Zipkin API: matched on the server, those starting with the text first; and how
 * names leave the lists with their calls, past retention.
 */
const RUN = uniqueTraceId().slice(-8);

function span(service: string, name: string) {
  return {
    traceId: uniqueTraceId(),
    id: "00000000000000a1",
    kind: "SERVER",
    name,
    timestamp: Date.now() * 1000 - 1_000_000,
    duration: 1000,
    localEndpoint: { serviceName: service },
  };
}

async function names(path: string): Promise<{ status: number; body: { names?: string[]; error?: string } }> {
  const response = await fetch(`${baseUrl()}${path}`);
  return { status: response.status, body: (await response.json()) as { names?: string[]; error?: string } };
}

describe("GET /api/names", () => {
  const services = [`names-${RUN}-cart`, `names-${RUN}-checkout`, `shop-names-${RUN}`, `Names-${RUN}-Upper`];

  it("suggests the services starting with the text first, then those holding it, whatever its case", async () => {
    expect((await postSpans(services.map((service) => span(service, "get /")))).status).toBe(202);
    const all = await names(`/api/names/services?q=NAMES-${RUN}`);
    expect(all.status).toBe(200);
    expect(all.body.names).toEqual([
      `names-${RUN}-cart`,
      `names-${RUN}-checkout`,
      `Names-${RUN}-Upper`,
      `shop-names-${RUN}`,
    ]);
    expect((await names(`/api/names/services?q=names-${RUN}-c&limit=1`)).body.names).toEqual([
      `names-${RUN}-cart`,
    ]);
    // LIKE's wildcards are matched as themselves.
    expect((await names(`/api/names/services?q=names-${RUN}%25`)).body.names).toEqual([]);
    expect((await names(`/api/names/services?q=names_${RUN}`)).body.names).toEqual([]);
  });

  it("suggests a service's operations, and none of another's", async () => {
    const service = `names-ops-${RUN}`;
    const spans = ["GET /cart", "get /checkout", "post /cart"].map((name) => span(service, name));
    expect((await postSpans(spans)).status).toBe(202);
    expect((await names(`/api/names/operations?service=${service}&q=cart`)).body.names).toEqual([
      "GET /cart",
      "post /cart",
    ]);
    expect((await names(`/api/names/operations?service=${service}&q=get`)).body.names).toEqual([
      "GET /cart",
      "get /checkout",
    ]);
    expect((await names(`/api/names/operations?service=${service}-other`)).body.names).toEqual([]);
  });

  it.each([
    { path: "/api/names/services?limit=0", error: "limit: expected an integer from 1 to 100" },
    { path: "/api/names/services?q=a%00b", error: "q: must not contain a NUL character" },
    { path: "/api/names/operations?q=get", error: "service is required" },
  ])("refuses $path with a 400 naming the parameter", async ({ path, error }) => {
    const answer = await names(path);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toContain(error);
  });
});

describe("names past retention", () => {
  beforeAll(() => {
    process.env.DATABASE_URL = inject("databaseUrl");
  });
  afterAll(closeDb);

  it("leave their lists with their last calls, making room under the caps", async () => {
    const nowUs = Date.now() * 1000;
    const gone = `names-gone-${RUN}`;
    const kept = `names-kept-${RUN}`;
    const old = {
      ...span(gone, "get /old"),
      timestamp: nowUs - 30 * DAY_US,
      remoteEndpoint: { serviceName: "db" },
    };
    // The kept service has an old operation, which goes, and a recent one, which stays.
    const spans = [
      old,
      { ...old, traceId: uniqueTraceId(), localEndpoint: { serviceName: kept } },
      span(kept, "get /new"),
    ];
    expect((await postSpans(spans)).status).toBe(202);
    expect((await names(`/api/names/services?q=names-gone-${RUN}`)).body.names).toEqual([gone]);

    await maintainStorage(7 * DAY_US, nowUs);

    expect((await names(`/api/names/services?q=names-gone-${RUN}`)).body.names).toEqual([]);
    expect((await names(`/api/names/services?q=names-kept-${RUN}`)).body.names).toEqual([kept]);
    expect((await names(`/api/names/operations?service=${kept}`)).body.names).toEqual(["get /new"]);
    const remote = await fetch(`${baseUrl()}/api/v2/remoteServices?serviceName=${gone}`);
    expect(await remote.json()).toEqual([]);
  });
});
