"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useSearchQuery } from "@/components/queries/useSearchQuery";
import { pickTypicalTrace, typicalTraceQuery } from "@/lib/search/typical-trace";

/**
 * "Compare with a typical trace": on click, searches the traces of the same root operation in the
 * hour around this one and opens the compare view on this trace and the median-duration one
 * (lib/search/typical-trace.ts), or says there is none.
 */
export function CompareWithTypical({
  traceId,
  root,
}: {
  traceId: string;
  root: { service: string; operation: string; startUs: number };
}) {
  const router = useRouter();
  const [asked, setAsked] = useState(false);
  const search = useSearchQuery(asked ? typicalTraceQuery(root) : undefined);
  const typical =
    asked && search.data
      ? pickTypicalTrace(search.data.traces, { traceId, service: root.service, operation: root.operation })
      : undefined;

  useEffect(() => {
    if (typical) router.push(`/compare?a=${traceId}&b=${typical.traceId}`);
  }, [typical, traceId, router]);

  const status = !asked
    ? undefined
    : search.isError
      ? `The search failed: ${search.error.message}`
      : search.data && !typical
        ? `No other ${root.operation || "(unnamed)"} trace of ${root.service} in the hour around this one.`
        : "Finding a typical trace…";
  return (
    <>
      <button
        type="button"
        className="rounded border border-slate-300 px-1.5 text-xs text-slate-600 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
        disabled={asked && !search.isError && !(search.data && !typical)}
        onClick={() => setAsked(true)}
        data-testid="compare-typical"
      >
        compare with a typical trace
      </button>
      {status && (
        <span role="status" data-testid="compare-typical-status">
          {status}
        </span>
      )}
    </>
  );
}
