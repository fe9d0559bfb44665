import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import type { Span } from "../model/span";
import { type SpanIcon, spanIcon } from "./span-kind-icon";

describe("spanIcon", () => {
  it.each<[string, Partial<Span>, SpanIcon]>([
    [
      "an HTTP server (OTel 1.21+)",
      { kind: "SERVER", attributes: { "http.request.method": "GET", "http.route": "/cart" } },
      { shape: "server", label: "HTTP server" },
    ],
    [
      "an HTTP client (Zipkin's http.path)",
      { kind: "CLIENT", attributes: { "http.path": "/charge" } },
      { shape: "client", label: "HTTP client" },
    ],
    ["a server with no protocol named", { kind: "SERVER" }, { shape: "server", label: "server" }],
    [
      "a PostgreSQL client by db.system",
      { kind: "CLIENT", attributes: { "db.system": "postgresql", "server.address": "db1" } },
      { shape: "database", label: "database: postgresql" },
    ],
    [
      "a database by OTel 1.26's db.system.name, over db.system",
      { kind: "CLIENT", attributes: { "db.system.name": "mysql", "db.system": "other_sql" } },
      { shape: "database", label: "database: mysql" },
    ],
    [
      "a database by OpenTracing's db.type on an INTERNAL span",
      { kind: "INTERNAL", attributes: { "db.type": "cassandra" } },
      { shape: "database", label: "database: cassandra" },
    ],
    [
      "a database by Brave's sql.query, system unnamed",
      { kind: "CLIENT", attributes: { "sql.query": "select 1" } },
      { shape: "database", label: "database" },
    ],
    [
      "a Kafka producer",
      { kind: "PRODUCER", attributes: { "messaging.system": "kafka" } },
      { shape: "messaging", label: "messaging producer: kafka" },
    ],
    [
      "a consumer of no named system",
      { kind: "CONSUMER" },
      { shape: "messaging", label: "messaging consumer" },
    ],
    [
      "a Kafka poll recorded as a CLIENT",
      { kind: "CLIENT", attributes: { "messaging.system": "kafka", "db.system": "x" } },
      { shape: "messaging", label: "messaging: kafka" },
    ],
    [
      "a gRPC server, though it speaks HTTP/2",
      { kind: "SERVER", attributes: { "rpc.system": "grpc", "http.method": "POST" } },
      { shape: "rpc", label: "RPC server: grpc" },
    ],
    [
      "a gRPC client",
      { kind: "CLIENT", attributes: { "rpc.system": "grpc" } },
      { shape: "rpc", label: "RPC client: grpc" },
    ],
    ["an internal span", { kind: "INTERNAL" }, { shape: "internal", label: "internal" }],
    [
      "an internal span with HTTP attributes stays internal",
      { kind: "INTERNAL", attributes: { "http.method": "GET" } },
      { shape: "internal", label: "internal" },
    ],
    [
      "a Zipkin span without a kind naming a remote service is a client",
      { kind: "INTERNAL", remoteServiceName: "payment", attributes: { "http.path": "/x" } },
      { shape: "client", label: "HTTP client" },
    ],
    [
      "an empty or non-text system is no system",
      { kind: "CLIENT", attributes: { "db.system": "", "rpc.system": 3 } },
      { shape: "client", label: "client" },
    ],
  ])("%s", (_, fields, icon) => {
    expect(spanIcon(makeSpan(fields))).toEqual(icon);
  });
});
