import { type CompareNode, largestDeltaUs } from "@/lib/analysis/compare";
import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";

const ONLY_LABEL = { a: "only in A", b: "only in B" } as const;

/**
 * The aligned trees as one table: a row per operation path, indented by depth, with each side's
 * span count and total time, and the change from A to B as text and as a bar against the largest.
 */
export function TraceCompareTable({ nodes }: { nodes: readonly CompareNode[] }) {
  const largestUs = largestDeltaUs(nodes);
  return (
    <table className="w-full text-sm" data-testid="compare-table">
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs font-medium text-slate-500 dark:border-slate-800">
          <th className="py-1 font-medium">Service: operation</th>
          <th className="w-16 text-right font-medium">Count A</th>
          <th className="w-16 text-right font-medium">Count B</th>
          <th className="w-20 text-right font-medium">Total A</th>
          <th className="w-20 text-right font-medium">Total B</th>
          <th className="w-44 pl-4 font-medium">Delta (B − A)</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((node) => (
          <tr
            key={node.key}
            className={`border-b border-slate-100 dark:border-slate-900 ${node.only ? "bg-slate-50 dark:bg-slate-900/60" : ""}`}
            data-testid="compare-row"
            data-only={node.only}
            data-service={node.service}
            data-operation={node.operation}
          >
            <td className="py-0.5">
              <div className="flex items-center gap-1.5" style={{ paddingLeft: `${node.depth}rem` }}>
                <span
                  className="size-2 shrink-0 rounded-sm"
                  style={{ background: serviceColor(node.service) }}
                />
                <span className="truncate">
                  <span className="text-slate-500">{node.service}:</span> {node.operation || "(unnamed)"}
                </span>
                {node.only && (
                  <span
                    className={`shrink-0 rounded px-1.5 text-xs ${node.only === "a" ? "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300" : "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300"}`}
                    data-testid="compare-only"
                  >
                    {ONLY_LABEL[node.only]}
                  </span>
                )}
              </div>
            </td>
            <td className="text-right tabular-nums" data-testid="compare-count-a">
              {node.countA}
            </td>
            <td className="text-right tabular-nums" data-testid="compare-count-b">
              {node.countB}
            </td>
            <td className="text-right tabular-nums" data-testid="compare-total-a">
              {node.countA > 0 ? formatDurationUs(node.totalUsA) : "—"}
            </td>
            <td className="text-right tabular-nums" data-testid="compare-total-b">
              {node.countB > 0 ? formatDurationUs(node.totalUsB) : "—"}
            </td>
            <td className="pl-4">
              <DeltaCell deltaUs={node.deltaUs} largestUs={largestUs} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Slower in B is red and grows right of the centre line, faster is green and grows left. */
function DeltaCell({ deltaUs, largestUs }: { deltaUs: number; largestUs: number }) {
  const share = largestUs === 0 ? 0 : (50 * Math.abs(deltaUs)) / largestUs;
  const tone = deltaUs > 0 ? "text-red-600" : deltaUs < 0 ? "text-green-600" : "text-slate-400";
  return (
    <div className="flex items-center gap-2">
      <span className="relative h-1.5 w-16 shrink-0 rounded bg-slate-100 dark:bg-slate-800">
        <span className="absolute inset-y-0 left-1/2 w-px bg-slate-300 dark:bg-slate-600" />
        {deltaUs !== 0 && (
          <span
            className={`absolute inset-y-0 rounded ${deltaUs > 0 ? "left-1/2 bg-red-500" : "right-1/2 bg-green-500"}`}
            style={{ width: `${share}%` }}
          />
        )}
      </span>
      <span className={`tabular-nums ${tone}`} data-testid="compare-delta" data-delta-us={deltaUs}>
        {formatSignedUs(deltaUs)}
      </span>
    </div>
  );
}

function formatSignedUs(deltaUs: number): string {
  if (deltaUs === 0) return "0µs";
  return `${deltaUs > 0 ? "+" : "−"}${formatDurationUs(Math.abs(deltaUs))}`;
}
