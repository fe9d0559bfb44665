import { describe, expect, it } from "vitest";
import { ENDPOINT_KEYS } from "../../model/span";
import { decodeZipkinV1Json } from "./v1";

/**
 * Zipkin's v1 → v2 rules (v1-convert.ts), exercised through the JSON decoder on spans built to
 * show one rule each.
 */
const web = { serviceName: "web", ipv4: "10.0.0.1" };
const api = { serviceName: "api", ipv4: "10.0.0.2", port: 8080 };
const at = (timestamp: number, value: string, endpoint: object = web) => ({ timestamp, value, endpoint });
const span = (fields: object) => ({ traceId: "a", id: "b", name: "get", ...fields });
const decode = (...spans: object[]) => decodeZipkinV1Json(spans).spans;
const pick = ({
  kind,
  serviceName,
  startUs,
  durationUs,
  shared,
  remoteServiceName,
  warnings,
}: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries({ kind, serviceName, startUs, durationUs, shared, remoteServiceName, warnings }).filter(
      ([, value]) => value !== undefined,
    ),
  );

describe("Zipkin v1 spans split and timed by Zipkin's rules", () => {
  it.each([
    [
      "a loopback call (client and server the same service) is still two spans",
      span({ annotations: [at(10, "cs"), at(12, "sr"), at(15, "ss"), at(20, "cr")] }),
      [
        { kind: "CLIENT", serviceName: "web", startUs: 10, durationUs: 10 },
        { kind: "SERVER", serviceName: "web", startUs: 12, durationUs: 3, shared: true },
      ],
    ],
    [
      "a client span missing cr starts at cs and has no duration",
      span({ annotations: [at(10, "cs")] }),
      [{ kind: "CLIENT", serviceName: "web", startUs: 10, durationUs: 0 }],
    ],
    [
      "a server span whose sr is lost starts at the span's timestamp when ss ends it",
      span({ timestamp: 5, duration: 10, annotations: [at(15, "ss", api)] }),
      [{ kind: "SERVER", serviceName: "api", startUs: 5, durationUs: 10 }],
    ],
    [
      "ms and mr are a producer and its shared consumer, timed by ws and wr",
      span({ annotations: [at(10, "ms"), at(11, "ws"), at(30, "wr", api), at(32, "mr", api)] }),
      [
        { kind: "PRODUCER", serviceName: "web", startUs: 10, durationUs: 1 },
        { kind: "CONSUMER", serviceName: "api", startUs: 30, durationUs: 2, shared: true },
      ],
    ],
    [
      "core annotations without an endpoint are plain events of a local span",
      span({ timestamp: 3, annotations: [{ timestamp: 3, value: "cs" }] }),
      [
        {
          kind: "INTERNAL",
          serviceName: "unknown_service",
          startUs: 3,
          durationUs: 0,
          warnings: ["localEndpoint.serviceName missing; set to unknown_service"],
        },
      ],
    ],
    [
      "only a client address means this host was the server",
      span({
        timestamp: 3,
        binaryAnnotations: [
          { key: "ca", value: true, type: "BOOL", endpoint: web },
          { key: "lc", value: "", endpoint: api },
        ],
      }),
      [{ kind: "SERVER", serviceName: "api", startUs: 3, durationUs: 0, remoteServiceName: "web" }],
    ],
    [
      "a server whose clock steps back gets no duration and a warning",
      span({ annotations: [at(20, "sr", api), at(15, "ss", api)] }),
      [
        {
          kind: "SERVER",
          serviceName: "api",
          startUs: 20,
          durationUs: 0,
          shared: true,
          warnings: ["ss is before sr; duration set to 0"],
        },
      ],
    ],
  ])("%s", (_name, input, expected) => {
    expect(decode(input).map((decoded) => pick(decoded as unknown as Record<string, unknown>))).toStrictEqual(
      expected,
    );
  });

  it("drops the empty lc marker, keeps non-address booleans and numbers as strings", () => {
    const [decoded] = decode(
      span({
        timestamp: 1,
        binaryAnnotations: [
          { key: "lc", value: "", endpoint: web },
          { key: "cache.hit", value: false, type: "BOOL" },
          { key: "retries", value: 3, type: "I32" },
        ],
      }),
    );
    expect(decoded?.attributes).toStrictEqual({
      "cache.hit": "false",
      retries: "3",
      [ENDPOINT_KEYS.localIpv4]: "10.0.0.1",
    });
  });

  it("reads an all-zero parent as a root and lowers upper-case ids", () => {
    const [decoded] = decode(span({ traceId: "ABC", parentId: "0000000000000000", timestamp: 1 }));
    expect(decoded?.traceId).toBe("0000000000000abc");
    expect(decoded).not.toHaveProperty("parentSpanId");
  });

  it("leaves a span without any time to the v2 rules for fragments: its trace's start", () => {
    const spans = decode(
      span({ id: "c", timestamp: 100 }),
      span({ binaryAnnotations: [{ key: "k", value: "v", endpoint: web }] }),
    );
    expect(spans[1]).toMatchObject({
      startUs: 100,
      warnings: ["timestamp missing; set to the start of its trace (100)"],
    });
  });
});
