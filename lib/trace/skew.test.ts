import { describe, expect, it } from "vitest";
import { readZipkinV2Fixture } from "../../test/fixtures";
import { makeSpan } from "../../test/spans";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import { ENDPOINT_KEYS, type Span, spanKey } from "../model/span";
import { applySkewCorrection, correctClockSkew, skewCorrectedSpans } from "./skew";
import { buildTraceTree, type TraceTree } from "./tree";

function span(
  spanId: string,
  parentSpanId: string | undefined,
  serviceName: string,
  startUs: number,
  durationUs: number,
  extra: Partial<Span> = {},
): Span {
  return makeSpan({
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: spanId,
    serviceName,
    startUs,
    durationUs,
    ...extra,
  });
}

/** Each span's shift by its key (`call:shared` for a server half), in the tree's row order. */
function shifts(spans: Span[]): Record<string, number> {
  const tree = buildTraceTree(spans);
  const { shiftsUs } = correctClockSkew(tree);
  return Object.fromEntries(tree.rows.map((row, i) => [spanKey(row.span), shiftsUs[i] ?? 0]));
}

const host = (ip: string) => ({ attributes: { [ENDPOINT_KEYS.localIpv4]: ip } });
const root = span("root", undefined, "a", 0, 1000);
/** A root that waited for its calls: children ending after it are skewed too. */
const caller = span("root", undefined, "a", 0, 1000, { kind: "CLIENT" });

describe("correctClockSkew", () => {
  it.each<[string, Span[], Record<string, number>]>([
    [
      "a cross-service child that fits its parent stays",
      [root, span("b", "root", "b", 100, 500)],
      { root: 0, b: 0 },
    ],
    [
      "a cross-service child that starts before its parent is centred in it",
      [root, span("b", "root", "b", -300, 600)],
      { root: 0, b: 500 },
    ],
    [
      "a cross-service child that ends after a parent that waited for it is centred in it",
      [caller, span("b", "root", "b", 700, 600)],
      { root: 0, b: -500 },
    ],
    [
      "a cross-service child that outlasts a server parent stays (a redirect, an untraced async hop)",
      [root, span("b", "root", "b", 700, 600)],
      { root: 0, b: 0 },
    ],
    [
      "a server half that outlasts a zero-duration client half stays (a one-way send)",
      [
        root,
        span("send", "root", "a", 100, 0, { kind: "CLIENT" }),
        span("send", "root", "b", 300, 50, { kind: "SERVER", shared: true }),
      ],
      { root: 0, send: 0, "send:shared": 0 },
    ],
    [
      "a consumer handling a message after its producer is done stays",
      [
        root,
        span("publish", "root", "a", 100, 20, { kind: "PRODUCER" }),
        span("receive", "publish", "b", 150, 30, { kind: "CONSUMER" }),
      ],
      { root: 0, publish: 0, receive: 0 },
    ],
    [
      "a half-µs latency rounds to a whole µs",
      [root, span("b", "root", "b", -300, 601)],
      { root: 0, b: 500 },
    ],
    [
      "a cross-service child longer than its parent is aligned with its start",
      [root, span("b", "root", "b", -500, 1500)],
      { root: 0, b: 500 },
    ],
    [
      "a same-service child outside its parent stays (async work outliving its caller)",
      [root, span("async", "root", "a", 900, 5000)],
      { root: 0, async: 0 },
    ],
    [
      "a same-service child inherits its parent's shift and is not judged by itself",
      [root, span("b", "root", "b", -300, 600), span("b-early", "b", "b", -400, 100)],
      { root: 0, b: 500, "b-early": 500 },
    ],
    [
      "a grandchild takes its parent's shift, then is checked against the shifted parent",
      [
        root,
        span("b", "root", "b", -300, 600, { kind: "CLIENT" }), // shown at 200..800
        span("c-fits", "b", "c", -250, 100), // with b's shift: 250..350, inside b
        span("c-late", "b", "c", 200, 200), // with b's shift: 700..900, past b's end: centred at 400
      ],
      { root: 0, b: 500, "c-fits": 500, "c-late": 200 },
    ],
    [
      "a server half on another host that starts before its client half is centred under it",
      [
        root,
        span("call", "root", "a", 100, 800, { kind: "CLIENT", ...host("10.0.0.1") }),
        span("call", "root", "a", 50, 700, { kind: "SERVER", shared: true, ...host("10.0.0.2") }),
        span("db", "call", "a", 60, 10),
      ],
      { root: 0, call: 0, "call:shared": 100, db: 100 },
    ],
    [
      "the two halves of a call on one host share its clock",
      [
        root,
        span("call", "root", "a", 100, 800, { kind: "CLIENT", ...host("10.0.0.1") }),
        span("call", "root", "a", 50, 700, { kind: "SERVER", shared: true, ...host("10.0.0.1") }),
      ],
      { root: 0, call: 0, "call:shared": 0 },
    ],
    [
      "roots and orphans are never shifted, but their children are judged against them",
      [
        root,
        span("second-root", undefined, "b", -9000, 10),
        span("orphan", "gone", "c", -5000, 100),
        span("under-orphan", "orphan", "d", -6000, 50),
      ],
      { root: 0, "second-root": 0, orphan: 0, "under-orphan": 1025 },
    ],
  ])("%s", (_name, spans, expected) => {
    expect(shifts(spans)).toEqual(expected);
  });

  it("counts every shifted row, inherited shifts included", () => {
    const tree = buildTraceTree([root, span("b", "root", "b", -300, 600), span("b2", "b", "b", -200, 10)]);
    expect(correctClockSkew(tree).adjustedCount).toBe(2);
  });
});

describe("applySkewCorrection", () => {
  it("moves a shifted span and its events, marks its row, and leaves its input and the other rows be", () => {
    const skewed = span("b", "root", "b", -300, 600, { events: [{ timeUs: -250, name: "sr" }] });
    const tree = buildTraceTree([root, skewed]);
    const corrected = applySkewCorrection(tree, correctClockSkew(tree));
    expect(corrected.rows[0]).toBe(tree.rows[0]);
    expect(corrected.rows[1]).toMatchObject({
      skewUs: 500,
      span: { startUs: 200, events: [{ timeUs: 250 }] },
    });
    expect(skewed.startUs).toBe(-300);
    expect(tree.rows[1]?.skewUs).toBeUndefined();
  });

  it("keeps every span object of a trace without skew", () => {
    const tree = buildTraceTree([root, span("b", "root", "b", 100, 500), span("c", "b", "b", 2000, 10)]);
    const correction = correctClockSkew(tree);
    expect(correction.adjustedCount).toBe(0);
    const corrected = applySkewCorrection(tree, correction);
    corrected.rows.forEach((row, i) => {
      expect(row.span).toBe(tree.rows[i]?.span);
      expect(row.skewUs).toBeUndefined();
    });
  });
});

describe("skewCorrectedSpans", () => {
  it("answers the spans in their order, a skewed one moved and saying by how much", () => {
    const skewed = span("b", "root", "b", -300, 600);
    const child = span("c", "b", "b", -200, 100);
    const corrected = skewCorrectedSpans([child, skewed, root]);
    expect(corrected.map((one) => [one.spanId, one.startUs])).toEqual([
      ["c", 300],
      ["b", 200],
      ["root", 0],
    ]);
    expect(corrected[1]?.warnings).toEqual(["clock skew adjustment: start moved by 500µs"]);
    expect(corrected[2]).toBe(root);
  });

  it("answers the same array when nothing is skewed", () => {
    const spans = [root, span("b", "root", "b", 100, 500)];
    expect(skewCorrectedSpans(spans)).toBe(spans);
  });
});

describe("clock skew on real traces", { tags: ["corpus"] }, () => {
  const corrected = (path: string) => {
    const tree = buildTraceTree(decodeZipkinV2(readZipkinV2Fixture(path)).spans);
    const correction = correctClockSkew(tree);
    return { tree, correction, corrected: applySkewCorrection(tree, correction) };
  };

  /** Every child on another clock than its parent, with the parent, as the corrected tree shows them. */
  const crossProcessPairs = ({ rows }: TraceTree) => {
    const latestAtDepth: Span[] = [];
    const pairs: [child: Span, parent: Span][] = [];
    for (const { span: child, depth } of rows) {
      const parent = latestAtDepth[depth - 1];
      const serverHalf = child.shared && parent?.spanId === child.spanId;
      if (parent && (parent.serviceName !== child.serviceName || serverHalf)) pairs.push([child, parent]);
      latestAtDepth[depth] = child;
    }
    return pairs;
  };
  const endUs = (span: Span) => span.startUs + span.durationUs;

  it("skew.json: centres serviceb's server half under servicea's client, and moves its async child along", () => {
    const { correction, corrected: tree } = corrected("zipkin/lens-testdata/skew.json");
    // The client half lasted 94539 µs, the server half 93577 µs: 481 µs of latency each way.
    expect(tree.rows.map((row) => [row.span.name, row.span.serviceName, row.skewUs])).toEqual([
      ["get", "servicea", undefined],
      ["post", "servicea", undefined],
      ["post", "serviceb", 65922],
      ["async", "serviceb", 65922],
    ]);
    expect(correction.adjustedCount).toBe(2);
    for (const [child, parent] of crossProcessPairs(tree)) {
      expect(child.startUs).toBeGreaterThanOrEqual(parent.startUs);
      expect(endUs(child)).toBeLessThanOrEqual(endUs(parent));
    }
  });

  it("smartthings-mobile-web-install.json: no cross-process child starts before its parent or outlasts a call that waited for it", () => {
    const {
      tree,
      correction,
      corrected: shown,
    } = corrected("zipkin/lens-testdata/smartthings-mobile-web-install.json");
    expect(tree.rows).toHaveLength(957);
    // 15 server halves a few ms off their clients, and their subtrees. Judging every cross-process child
    // by its end, redirects included, would shift 942 spans by up to 0.64 s and erase the user's pauses.
    expect(correction.adjustedCount).toBe(55);
    expect(Math.max(...correction.shiftsUs.map(Math.abs))).toBe(32172);
    const pairs = crossProcessPairs(shown);
    expect(pairs.length).toBeGreaterThan(0);
    for (const [child, parent] of pairs) {
      expect(child.startUs).toBeGreaterThanOrEqual(parent.startUs);
      const waited = parent.kind === "CLIENT" && parent.durationUs > 0;
      if (waited && child.durationUs > parent.durationUs) expect(child.startUs).toBe(parent.startUs);
      else if (waited) expect(endUs(child)).toBeLessThanOrEqual(endUs(parent));
    }
    expect(correction.shiftsUs.every(Number.isInteger)).toBe(true);
  });

  it.each(["zipkin/lens-testdata/skew.json", "zipkin/lens-testdata/smartthings-mobile-web-install.json"])(
    "%s: correcting a corrected trace changes nothing",
    (path) => {
      expect(correctClockSkew(corrected(path).corrected).adjustedCount).toBe(0);
    },
  );
});
