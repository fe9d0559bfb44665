/**
 * The traces the search tests (integration and end-to-end) find, as Zipkin v2 spans stored a minute
 * before `nowUs` under service names of the run's own:
 * - `slow`: 2 s, 3 spans, an HTTP 200 at the shop with a `tier` tag, and a 503 (an error) at the bank;
 * - `conflict`: 40 ms, `put /cart`, a 409;
 * - `quick`: 5 ms, nothing of note;
 * - `old`, when given: 1 ms, three hours before.
 */
export interface SearchTraceIds {
  slow: string;
  conflict: string;
  quick: string;
  old?: string;
}

export function searchTraceSpans(
  nowUs: number,
  services: { shop: string; bank: string },
  ids: SearchTraceIds,
) {
  const span = (traceId: string, id: string, fields: Record<string, unknown>) => ({
    traceId,
    id,
    name: "get /cart",
    kind: "SERVER",
    localEndpoint: { serviceName: services.shop },
    ...fields,
  });
  return [
    span(ids.slow, "00000000000000a1", {
      timestamp: nowUs - 50_000_000,
      duration: 2_000_000,
      tags: { "http.status_code": "200", tier: "gold plus" },
    }),
    span(ids.slow, "00000000000000a2", {
      parentId: "00000000000000a1",
      name: "charge",
      kind: "CLIENT",
      timestamp: nowUs - 49_000_000,
      duration: 300_000,
    }),
    span(ids.slow, "00000000000000a3", {
      parentId: "00000000000000a2",
      name: "post /charge",
      localEndpoint: { serviceName: services.bank },
      timestamp: nowUs - 48_900_000,
      duration: 100_000,
      tags: { "http.status_code": "503" },
    }),
    span(ids.conflict, "00000000000000b1", {
      name: "put /cart",
      timestamp: nowUs - 40_000_000,
      duration: 40_000,
      tags: { "http.status_code": "409" },
    }),
    span(ids.quick, "00000000000000c1", { timestamp: nowUs - 30_000_000, duration: 5_000 }),
    ...(ids.old
      ? [span(ids.old, "00000000000000d1", { timestamp: nowUs - 3 * 3_600_000_000, duration: 1_000 })]
      : []),
  ];
}
