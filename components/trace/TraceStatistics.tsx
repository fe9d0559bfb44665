"use client";

import { useMemo } from "react";
import { groupStatistics } from "@/lib/analysis/group-statistics";
import { parseDimension, type SpanDimension, traceAttributeKeys } from "@/lib/analysis/span-dimensions";
import type { OperationStats } from "@/lib/analysis/statistics";
import type { TraceTiming } from "@/lib/analysis/trace-analysis";
import type { TraceTree } from "@/lib/trace/tree";
import { GroupedStatisticsTable } from "./GroupedStatisticsTable";
import { OperationStatisticsTable } from "./OperationStatisticsTable";
import { StatisticsGrouping } from "./StatisticsGrouping";
import { useUrlParam } from "./useUrlParam";

/**
 * The statistics tab: per operation (the analysis's table, once it is done), or grouped by the
 * dimension in `?group=` and sub-grouped by `?subgroup=` (service, operation, kind, status or
 * `tag:<key>`). Grouping needs only the tree and its timing (self times, critical path), not the
 * analysis's baselines, so it does not wait for them.
 */
export function TraceStatistics({
  tree,
  timing,
  statistics,
}: {
  tree: TraceTree;
  timing: TraceTiming;
  statistics?: OperationStats[];
}) {
  const [groupParam, setGroup] = useUrlParam("group");
  const [subgroupParam, setSubgroup] = useUrlParam("subgroup");
  const by = parseDimension(groupParam);
  const subgroup = by && parseDimension(subgroupParam);
  const then = subgroup === by ? undefined : subgroup;
  const keys = useMemo(() => traceAttributeKeys(tree), [tree]);
  const groups = useMemo(
    () => (by ? groupStatistics(tree, timing.self, timing.path.criticalUs, by, then) : undefined),
    [tree, timing, by, then],
  );
  const change = (nextBy: SpanDimension | undefined, nextThen: SpanDimension | undefined) => {
    setGroup(nextBy ?? null);
    setSubgroup(nextThen ?? null);
  };

  return (
    <div className="space-y-2">
      <StatisticsGrouping keys={keys} by={by} then={then} onChange={change} />
      {by && groups ? (
        <GroupedStatisticsTable key={`${by}\u0000${then}`} groups={groups} by={by} then={then} />
      ) : statistics ? (
        <OperationStatisticsTable statistics={statistics} />
      ) : (
        <p className="text-sm text-slate-500">Analysing the trace…</p>
      )}
    </div>
  );
}
