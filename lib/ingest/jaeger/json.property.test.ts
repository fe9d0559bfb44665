import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { expectDecodesOrRefuses } from "../../../test/decoder-properties";
import { readFixture } from "../../../test/fixtures";
import { readTestData } from "../../../test/test-data";
import { decodeJaegerJson } from "./json";

const decodesOrRefuses = (body: unknown) => expectDecodesOrRefuses(() => decodeJaegerJson(body));

type Trace = { spans: Record<string, unknown>[] } & Record<string, unknown>;
const nestedPaths = ["tags", "logs", "references"] as const;

describe("decodeJaegerJson on arbitrary input", () => {
  it("decodes or refuses any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), decodesOrRefuses), { numRuns: 500 });
  });
});

/** The trace's spans, tags, logs, references and processes replaced by anything: decoded or refused. */
function describeMutationsOf(name: string, options: { tags?: string[] }, read: () => Trace) {
  describe(`decodeJaegerJson on ${name} with parts replaced`, options, () => {
    let seed: Trace;
    let spanFields: string[];
    beforeAll(() => {
      seed = read();
      spanFields = [...new Set(seed.spans.flatMap((span) => Object.keys(span))), "process", "flags"];
    });

    it("decodes or refuses the trace with span fields replaced by anything", () => {
      const mutation = fc.record({
        index: fc.nat(seed.spans.length - 1),
        field: fc.constantFrom(...spanFields),
        value: fc.jsonValue(),
      });
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const spans = seed.spans.map((span) => ({ ...span }));
          for (const { index, field, value } of mutations)
            (spans[index] as Record<string, unknown>)[field] = value;
          decodesOrRefuses({ ...seed, spans });
        }),
        { numRuns: 500 },
      );
    });

    it("decodes or refuses the trace with a tag, log or reference field replaced by anything", () => {
      const mutation = fc.record({
        index: fc.nat(seed.spans.length - 1),
        list: fc.constantFrom(...nestedPaths),
        field: fc.constantFrom("key", "type", "value", "timestamp", "fields", "refType", "traceID", "spanID"),
        value: fc.jsonValue(),
      });
      fc.assert(
        fc.property(mutation, ({ index, list, field, value }) => {
          const spans = seed.spans.map((span) => ({ ...span }));
          const span = spans[index] as Record<string, unknown>;
          const items = (span[list] as Record<string, unknown>[] | null) ?? [];
          span[list] = [...items.map((item) => ({ ...item, [field]: value })), { [field]: value }];
          decodesOrRefuses({ ...seed, spans });
        }),
        { numRuns: 500 },
      );
    });

    it("decodes or refuses the trace with its processes replaced by anything", () => {
      fc.assert(
        fc.property(fc.jsonValue(), (processes) => decodesOrRefuses({ ...seed, processes })),
        { numRuns: 500 },
      );
    });
  });
}

// Every tag type, logs, both reference types, warnings and two processes.
describeMutationsOf(
  "test/data's trace",
  {},
  () => (readTestData("jaeger-checkout.json") as { data: Trace[] }).data[0] as Trace,
);
// Jaeger's own converter output: every tag type, logs, references, warnings and two processes.
describeMutationsOf(
  "a real trace (ui_01.json)",
  { tags: ["corpus"] },
  () => readFixture("jaeger/uimodel/ui_01.json") as Trace,
);
