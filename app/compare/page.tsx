import type { Metadata } from "next";
import Link from "next/link";
import { TraceCompare } from "@/components/compare/TraceCompare";
import { normaliseTraceId } from "@/lib/model/ids";
import { isTraceStored } from "@/lib/read/traces";

export const metadata: Metadata = { title: "Compare traces · Tracelight" };

const SIDES = [
  ["a", "A"],
  ["b", "B"],
] as const;

type Side = { ok: true; id: string } | { ok: false; side: "a" | "b"; problem: string };

/**
 * Two traces side by side, `?a=<trace id>&b=<trace id>` (the search page links here). Both ids are
 * checked here, so a bad link says which trace is wrong; the spans load in the browser.
 */
export default async function ComparePage({ searchParams }: PageProps<"/compare">) {
  const params = await searchParams;
  const sides = await Promise.all(SIDES.map(([side, label]) => checkSide(side, label, params[side])));
  const [a, b] = sides;
  if (a?.ok && b?.ok) return <TraceCompare traceIdA={a.id} traceIdB={b.id} />;
  return (
    <section className="space-y-2">
      <h1 className="text-lg font-semibold">Cannot compare these traces</h1>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {sides.map((side) =>
          side.ok ? null : (
            <li key={side.side} data-testid="compare-problem" data-side={side.side}>
              {side.problem}
            </li>
          ),
        )}
      </ul>
      <Link href="/search" className="text-sm text-sky-600 underline">
        Search for traces to compare
      </Link>
    </section>
  );
}

async function checkSide(side: "a" | "b", label: string, raw: string | string[] | undefined): Promise<Side> {
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || text.trim() === "") {
    return { ok: false, side, problem: `Trace ${label} is missing: the link names no ?${side}= trace id.` };
  }
  const id = normaliseTraceId(text.trim());
  if (!id.ok)
    return { ok: false, side, problem: `Trace ${label} "${text}" is not a trace id: it ${id.reason}.` };
  if (!(await isTraceStored(id.id))) {
    return {
      ok: false,
      side,
      problem: `Trace ${label} ${id.id} is not stored: it may not have arrived yet, or it is past retention.`,
    };
  }
  return id;
}
