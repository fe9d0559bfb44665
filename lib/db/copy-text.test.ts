import { describe, expect, it } from "vitest";
import type { Span } from "../model/span";
import { SPAN_COLUMNS, toCopyText } from "./copy-text";

const span: Span = {
  traceId: "0000000000000001",
  spanId: "0000000000000002",
  shared: true,
  name: "tab\there, newline\nthere, return\r, backslash\\",
  kind: "SERVER",
  serviceName: "svc",
  startUs: 1_700_000_000_000_000,
  durationUs: 5,
  status: { code: "ERROR" },
  attributes: { path: 'C:\\dir "quoted"', "http.status_code": "503" },
  resource: { "service.name": "svc" },
  events: [{ timeUs: 1, name: "line\nbreak" }],
  links: [],
};

const fields = (line: string) =>
  Object.fromEntries(SPAN_COLUMNS.map((column, i) => [column, line.split("\t")[i]]));

describe("toCopyText", () => {
  it("writes one tab-separated line per span, in column order, with COPY's escapes", () => {
    const line = toCopyText([span]).slice(0, -1);
    expect(line.split("\t")).toHaveLength(SPAN_COLUMNS.length);
    expect(fields(line)).toEqual({
      trace_id: "0000000000000001",
      span_id: "0000000000000002",
      shared: "t",
      parent_span_id: "\\N",
      name: "tab\\there, newline\\nthere, return\\r, backslash\\\\",
      kind: "SERVER",
      service_name: "svc",
      remote_service_name: "\\N",
      start_us: "1700000000000000",
      duration_us: "5",
      status_code: "ERROR",
      status_message: "\\N",
      http_status: "503",
      // JSON's own escapes are backslashes, which COPY needs doubled.
      attributes: '{"path":"C:\\\\\\\\dir \\\\"quoted\\\\"","http.status_code":"503"}',
      resource: "\\N",
      events: '[{"timeUs":1,"name":"line\\\\nbreak"}]',
      links: "\\N",
      scope: "\\N",
      debug: "f",
      warnings: "\\N",
      // An array literal, its quotes and backslashes escaped, then COPY's escapes on top.
      search_terms:
        '{"error","error=true","path","path=C:\\\\\\\\dir \\\\"quoted\\\\"","http.status_code","http.status_code=503","line\\nbreak"}',
    });
  });

  it("stores the resource without service.name, which has its own column", () => {
    const withHost = { ...span, resource: { "service.name": "svc", "host.name": "web-1" } };
    expect(fields(toCopyText([withHost]).slice(0, -1)).resource).toBe('{"host.name":"web-1"}');
  });

  it("ends every line with a newline", () => {
    expect(toCopyText([span, span]).split("\n")).toHaveLength(3);
  });
});
