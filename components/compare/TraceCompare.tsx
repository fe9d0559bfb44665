"use client";

import { useMemo } from "react";
import { useTraceQuery } from "@/components/queries/useTraceQuery";
import { compareTraces, countSides } from "@/lib/analysis/compare";
import { countOf } from "@/lib/format/count";
import type { Span } from "@/lib/model/span";
import { applySkewCorrection, correctClockSkew } from "@/lib/trace/skew";
import { summariseTrace } from "@/lib/trace/summary";
import { buildTraceTree, type TraceTree } from "@/lib/trace/tree";
import { TraceCompareHeader } from "./TraceCompareHeader";
import { TraceCompareTable } from "./TraceCompareTable";

/** The comparison page's client side: loads both traces, then aligns them (lib/analysis/compare). */
export function TraceCompare({ traceIdA, traceIdB }: { traceIdA: string; traceIdB: string }) {
  const a = useTraceQuery(traceIdA);
  const b = useTraceQuery(traceIdB);
  const failure = a.isError
    ? { label: "A", traceId: traceIdA, error: a.error }
    : b.isError
      ? { label: "B", traceId: traceIdB, error: b.error }
      : undefined;
  if (failure) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load trace {failure.label} {failure.traceId}: {failure.error.message}
      </p>
    );
  }
  if (!a.isSuccess || !b.isSuccess) {
    return (
      <p className="text-sm text-slate-500">
        Loading traces {traceIdA} and {traceIdB}…
      </p>
    );
  }
  return (
    <LoadedComparison traceIdA={traceIdA} traceIdB={traceIdB} spansA={a.data.spans} spansB={b.data.spans} />
  );
}

function LoadedComparison({
  traceIdA,
  traceIdB,
  spansA,
  spansB,
}: {
  traceIdA: string;
  traceIdB: string;
  spansA: Span[];
  spansB: Span[];
}) {
  const treeA = useMemo(() => correctedTree(spansA), [spansA]);
  const treeB = useMemo(() => correctedTree(spansB), [spansB]);
  const statsA = useMemo(() => summariseTrace(treeA), [treeA]);
  const statsB = useMemo(() => summariseTrace(treeB), [treeB]);
  const nodes = useMemo(() => compareTraces(treeA, treeB), [treeA, treeB]);
  const sides = countSides(nodes);

  return (
    <section className="space-y-4">
      <h1 className="text-lg font-semibold">Compare traces</h1>
      <div className="grid gap-3 md:grid-cols-2">
        <TraceCompareHeader side="a" traceId={traceIdA} stats={statsA} />
        <TraceCompareHeader side="b" traceId={traceIdB} stats={statsB} />
      </div>
      <p className="text-sm text-slate-500" data-testid="compare-summary">
        {countOf(sides.both, "operation path")} in both, {sides.onlyA} only in A, {sides.onlyB} only in B.
        Spans on the same path of (service, operation) from the root are counted together; delta is B − A.
      </p>
      <TraceCompareTable nodes={nodes} />
    </section>
  );
}

/** The tree as the trace page shows it by default, clock skew corrected. */
function correctedTree(spans: Span[]): TraceTree {
  const tree = buildTraceTree(spans);
  return applySkewCorrection(tree, correctClockSkew(tree));
}
