import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import type { AttributeValue, Span } from "../model/span";
import { type JaegerTag, jaegerLog, jaegerTag, spanTags } from "./jaeger-tags";

describe("jaegerTag", () => {
  it.each<[string, AttributeValue, Omit<JaegerTag, "key">]>([
    ["a string stays a string", "GET", { type: "string", value: "GET" }],
    ["a boolean is bool", false, { type: "bool", value: false }],
    ["a safe integer is int64", 8080, { type: "int64", value: 8080 }],
    ["a negative integer is int64", -3, { type: "int64", value: -3 }],
    ["a fraction is float64", 72.5, { type: "float64", value: 72.5 }],
    ["an integer past 2^53 held as a number is float64", 1e20, { type: "float64", value: 1e20 }],
    ["NaN, which JSON has no number for, is text", Number.NaN, { type: "string", value: "NaN" }],
    [
      "a decimal string past 2^53 that fits 64 bits is an int64 written as a string, as Jaeger does",
      "9223372036854775222",
      { type: "int64", value: "9223372036854775222" },
    ],
    ["the same below -2^53", "-9007199254740993", { type: "int64", value: "-9007199254740993" }],
    [
      "a decimal string past 64 bits stays a string",
      "9223372036854775808",
      { type: "string", value: "9223372036854775808" },
    ],
    [
      "a safe decimal string was a string all along",
      "9007199254740991",
      { type: "string", value: "9007199254740991" },
    ],
    [
      "a zero-padded number was never an int64",
      "0009007199254740993",
      { type: "string", value: "0009007199254740993" },
    ],
    ["an array is its JSON", ["a", 1, true], { type: "string", value: '["a",1,true]' }],
    ["a map is its JSON", { k: "v", n: { m: 2 } }, { type: "string", value: '{"k":"v","n":{"m":2}}' }],
  ])("%s", (_, value, expected) => {
    expect(jaegerTag("k", value)).toStrictEqual({ key: "k", ...expected });
  });
});

const internal = (fields: Partial<Span>) => makeSpan({ kind: "INTERNAL", ...fields });
const str = (key: string, value: string): JaegerTag => ({ key, type: "string", value });
const ERROR_TAG: JaegerTag = { key: "error", type: "bool", value: true };

describe("spanTags", () => {
  it.each<[string, Span, JaegerTag[]]>([
    ["an INTERNAL span gets no span.kind, as Jaeger spans without one have none", internal({}), []],
    [
      "other kinds are lower-case span.kind after the attributes",
      makeSpan({ kind: "CLIENT", attributes: { a: "1" } }),
      [str("a", "1"), str("span.kind", "client")],
    ],
    [
      "an unknown span.kind the decoder kept is not written twice",
      makeSpan({ kind: "CLIENT", attributes: { "span.kind": "rpc" } }),
      [str("span.kind", "rpc")],
    ],
    [
      "the scope goes first, as the OTel translator writes it",
      internal({ scope: { name: "lib", version: "1.2" }, attributes: { a: "1" } }),
      [str("otel.scope.name", "lib"), str("otel.scope.version", "1.2"), str("a", "1")],
    ],
    [
      "a scope with only a version writes only the version",
      internal({ scope: { name: "", version: "2" } }),
      [str("otel.scope.version", "2")],
    ],
    [
      "the remote service becomes peer.service",
      internal({ remoteServiceName: "db" }),
      [str("peer.service", "db")],
    ],
    [
      "an existing peer.service is not repeated",
      internal({ remoteServiceName: "db", attributes: { "peer.service": "db" } }),
      [str("peer.service", "db")],
    ],
    [
      "an ERROR status the tags do not say gets the translator's tags, error=true included",
      internal({ status: { code: "ERROR", message: "boom" } }),
      [str("otel.status_code", "ERROR"), ERROR_TAG, str("otel.status_description", "boom")],
    ],
    [
      "an ERROR status without a message gets no description",
      internal({ status: { code: "ERROR" } }),
      [str("otel.status_code", "ERROR"), ERROR_TAG],
    ],
    [
      "a boolean error tag adds nothing",
      internal({ status: { code: "ERROR" }, attributes: { error: true } }),
      [{ key: "error", type: "bool", value: true }],
    ],
    [
      "Zipkin's error tag holding a message is error=true, the message its status description",
      internal({ status: { code: "ERROR", message: "timeout" }, attributes: { error: "timeout" } }),
      [
        str("otel.status_code", "ERROR"),
        { key: "error", type: "bool", value: true },
        str("otel.status_description", "timeout"),
      ],
    ],
    [
      "an ERROR status read from otel.status_code adds nothing",
      internal({ status: { code: "ERROR" }, attributes: { "otel.status_code": "ERROR" } }),
      [str("otel.status_code", "ERROR")],
    ],
    [
      "an OK status is otel.status_code=OK",
      internal({ status: { code: "OK" } }),
      [str("otel.status_code", "OK")],
    ],
  ])("%s", (_, span, expected) => {
    expect(spanTags(span)).toStrictEqual(expected);
  });
});

describe("jaegerLog", () => {
  it.each([
    [
      "the event name is the first field, then the attributes",
      { timeUs: 5, name: "retry", attributes: { attempt: 2 } },
      [str("event", "retry"), { key: "attempt", type: "int64", value: 2 }],
    ],
    [
      "an event without a name has no event field",
      { timeUs: 5, name: "", attributes: { x: "y" } },
      [str("x", "y")],
    ],
    [
      "an attribute also called event is kept after the name, so that neither is lost",
      { timeUs: 5, name: "a", attributes: { event: "b" } },
      [str("event", "a"), str("event", "b")],
    ],
  ])("%s", (_, event, fields) => {
    expect(jaegerLog(event)).toStrictEqual({ timestamp: 5, fields });
  });
});
