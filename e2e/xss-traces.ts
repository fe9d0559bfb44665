import type { APIRequestContext } from "@playwright/test";

/**
 * Traces whose every text field holds markup or script, for the XSS suite: each payload sets
 * `window.__xss` (or opens a dialog) if it ever runs, and leaves an element PageWatch finds if it is
 * ever parsed as markup.
 */
export const PAYLOADS = [
  `<img src=x onerror="window.__xss=1">`,
  `"><script>window.__xss=2</script>`,
  `'><svg onload="window.__xss=3">`,
  "javascript:window.__xss=4",
  `</script><script>window.__xss=5</script>`,
  `<a href="javascript:alert(6)">link</a>`,
  `<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>`,
  `{{constructor.constructor('window.__xss=8')()}}`,
  `\u2028\u2029<style>*{display:none}</style><b onmouseover=alert(9)>`,
] as const;

const [IMG, SCRIPT, SVG, JS_URL, CLOSE_SCRIPT, LINK, IFRAME, TEMPLATE, STYLE] = PAYLOADS;

export interface PayloadTraces {
  /** Zipkin: services, span names, remote services (a dependency link), tags and annotations. */
  zipkinTraceId: string;
  zipkinSpanIds: string[];
  /** OTLP: resource, scope, events, links, status message, typed and nested attributes. */
  otlpTraceId: string;
  /** The service the Zipkin trace's root is in, as the search knows it. */
  service: string;
  /** The span name shown for the Zipkin trace's root. */
  rootName: string;
}

export async function seedPayloadTraces(request: APIRequestContext, run: string): Promise<PayloadTraces> {
  const zipkinTraceId = `${run}a`.padStart(32, "5");
  const otlpTraceId = `${run}b`.padStart(32, "5");
  const startUs = Date.now() * 1000 - 30_000_000;
  const service = `${IMG} ${run}`;
  const remote = `${SVG} ${run}`;
  const rootName = `${SCRIPT} root`;
  const ids = ["1", "2", "3"].map((id) => id.padStart(16, "0"));
  const zipkin = [
    {
      traceId: zipkinTraceId,
      id: ids[0],
      kind: "SERVER",
      name: rootName,
      timestamp: startUs,
      duration: 50_000,
      localEndpoint: { serviceName: service },
      tags: { [IMG]: SCRIPT, "http.url": JS_URL, "http.method": CLOSE_SCRIPT, error: LINK },
      annotations: [{ timestamp: startUs + 10, value: IFRAME }],
    },
    {
      traceId: zipkinTraceId,
      id: ids[1],
      parentId: ids[0],
      kind: "CLIENT",
      name: TEMPLATE,
      timestamp: startUs + 1_000,
      duration: 30_000,
      localEndpoint: { serviceName: service },
      remoteEndpoint: { serviceName: remote },
      tags: { [STYLE]: JS_URL, "peer.service": SVG },
    },
    {
      traceId: zipkinTraceId,
      id: ids[2],
      parentId: ids[1],
      kind: "SERVER",
      name: STYLE,
      timestamp: startUs + 2_000,
      duration: 20_000,
      localEndpoint: { serviceName: remote },
      tags: { [LINK]: IFRAME },
    },
  ];
  const stored = await request.post("/api/v2/spans", { data: zipkin });
  if (stored.status() !== 202) throw new Error(`seeding the Zipkin payloads: ${await stored.text()}`);

  const text = (value: string) => ({ stringValue: value });
  const attributes = PAYLOADS.map((payload, i) => ({ key: `${payload} ${i}`, value: text(payload) }));
  const otlp = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: text(`${LINK} ${run}`) }, ...attributes] },
        scopeSpans: [
          {
            scope: { name: IFRAME, version: SCRIPT, attributes },
            spans: [
              {
                traceId: otlpTraceId,
                spanId: "00000000000000b1",
                name: `${IMG} otlp`,
                kind: 2,
                startTimeUnixNano: String(startUs * 1000),
                endTimeUnixNano: String((startUs + 40_000) * 1000),
                attributes: [
                  ...attributes,
                  { key: "list", value: { arrayValue: { values: PAYLOADS.map(text) } } },
                  { key: "map", value: { kvlistValue: { values: attributes } } },
                ],
                events: PAYLOADS.map((payload, i) => ({
                  name: payload,
                  timeUnixNano: String((startUs + i) * 1000),
                  attributes,
                })),
                links: [{ traceId: zipkinTraceId, spanId: ids[0], attributes }],
                status: { code: 2, message: CLOSE_SCRIPT },
              },
            ],
          },
        ],
      },
    ],
  };
  const exported = await request.post("/v1/traces", { data: otlp });
  if (exported.status() !== 200) throw new Error(`seeding the OTLP payloads: ${await exported.text()}`);
  return { zipkinTraceId, zipkinSpanIds: ids as string[], otlpTraceId, service, rootName };
}

/** A Zipkin trace file with payloads, and a name that is one, for the upload page. */
export function payloadFile(run: string): { name: string; mimeType: string; buffer: Buffer } {
  const traceId = `${run}c`.padStart(32, "5");
  const spans = [
    {
      traceId,
      id: "00000000000000c1",
      name: IMG,
      timestamp: Date.now() * 1000 - 10_000_000,
      duration: 1_000,
      localEndpoint: { serviceName: SCRIPT },
    },
  ];
  return { name: `${SVG}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(spans)) };
}
