import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { readTestData } from "../../test/test-data";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import type { Span } from "../model/span";
import { buildOutline } from "./outline";
import { rowCallees } from "./span-peer";
import { buildTraceTree } from "./tree";

/** "caller → callee" of each row that has a callee, by span id (rows in the tree's order). */
function arrows(spans: Span[]): string[] {
  const tree = buildTraceTree(spans);
  const callees = rowCallees(tree, buildOutline(tree));
  return tree.rows.flatMap(({ span }, row) =>
    callees[row] === undefined ? [] : [`${span.spanId}: ${span.serviceName} → ${callees[row]}`],
  );
}

const root = makeSpan({ spanId: "r", kind: "SERVER", serviceName: "frontend", startUs: 0 });
const call = (fields: Partial<Span>) =>
  makeSpan({
    spanId: "c",
    parentSpanId: "r",
    kind: "CLIENT",
    serviceName: "frontend",
    startUs: 1,
    ...fields,
  });

describe("rowCallees", () => {
  it.each<[string, Partial<Span>, string[]]>([
    ["the remote service a client was told", { remoteServiceName: "postgres" }, ["c: frontend → postgres"]],
    ["peer.service", { attributes: { "peer.service": "billing" } }, ["c: frontend → billing"]],
    [
      "a database and its name, by db.system and db.namespace",
      { attributes: { "db.system": "postgresql", "db.namespace": "shop", "server.address": "db1" } },
      ["c: frontend → postgresql/shop"],
    ],
    [
      "a host with its port",
      { attributes: { "server.address": "api.stripe.com", "server.port": 443 } },
      ["c: frontend → api.stripe.com:443"],
    ],
    [
      "a host before OTel 1.21, with its port",
      { attributes: { "net.peer.name": "legacy", "net.peer.port": "8080" } },
      ["c: frontend → legacy:8080"],
    ],
    [
      "no port after a peer named by its service, though the span has one",
      { remoteServiceName: "postgres", attributes: { "net.peer.port": 5432 } },
      ["c: frontend → postgres"],
    ],
    [
      "a broker and destination for a producer",
      {
        kind: "PRODUCER",
        attributes: { "messaging.system": "kafka", "messaging.destination.name": "carts" },
      },
      ["c: frontend → kafka/carts"],
    ],
    [
      "a Zipkin span without a kind that names a remote service",
      { kind: "INTERNAL", remoteServiceName: "cache" },
      ["c: frontend → cache"],
    ],
    ["nothing for a client that names no peer", {}, []],
    ["nothing for an internal span", { kind: "INTERNAL", attributes: { "peer.service": "x" } }, []],
    ["nothing for a server", { kind: "SERVER", remoteServiceName: "web" }, []],
  ])("names %s", (_, fields, expected) => {
    expect(arrows([root, call(fields)])).toEqual(expected);
  });

  it("names the service that recorded the call over the one the client was told", () => {
    const server = makeSpan({ spanId: "s", parentSpanId: "c", serviceName: "pricing", startUs: 2 });
    expect(arrows([root, call({ remoteServiceName: "pricing-lb" }), server])).toEqual([
      "c: frontend → pricing",
    ]);
  });

  it("skips a lower layer of the same service under the client, and finds the callee after it", () => {
    const inner = makeSpan({
      spanId: "i",
      parentSpanId: "c",
      kind: "INTERNAL",
      serviceName: "frontend",
      startUs: 2,
    });
    const server = makeSpan({ spanId: "s", parentSpanId: "c", serviceName: "pricing", startUs: 3 });
    expect(arrows([root, call({}), inner, server])).toEqual(["c: frontend → pricing"]);
  });

  it("names a producer's broker, not the service that consumed", () => {
    const consumer = makeSpan({ spanId: "m", parentSpanId: "c", kind: "CONSUMER", serviceName: "orders" });
    expect(arrows([root, call({ kind: "PRODUCER", remoteServiceName: "rabbitmq" }), consumer])).toEqual([
      "c: frontend → rabbitmq",
    ]);
  });

  it("names every call of the checkout trace", () => {
    const { spans } = decodeZipkinV2(readTestData("zipkin-v2-checkout.json"));
    expect(arrows(spans)).toEqual([
      "b20f7d6c5e4a3921: frontend → payment",
      "c3e1a2b4d5f60718: payment → postgres",
      "d4f2b3c5e6071829: frontend → rabbitmq",
      "f6b4d5e708192a3b: orders → postgres",
    ]);
  });
});
