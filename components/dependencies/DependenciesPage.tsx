"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";
import { useGraphQuery } from "@/components/queries/useGraphQuery";
import { countOf } from "@/lib/format/count";
import { type GraphLayoutMode, graphLayoutMode, graphPageQuery } from "@/lib/graph/graph-url";
import { describeWindow, type GraphWindow, graphApiQuery, graphWindow } from "@/lib/time/window";
import { DependencyGraph } from "./DependencyGraph";
import { DependencyGraphLegend } from "./DependencyGraphLegend";
import { DependencyGraphPanel } from "./DependencyGraphPanel";
import { DependencyGraphToolbar } from "./DependencyGraphToolbar";

/**
 * The dependencies page. The time range is in the URL (a new history entry per range, as on the
 * search page); the layout too, but as a view toggle that replaces the entry; the selected node is
 * local state. Range and layout are read from the URL on every render, so back and forward restore them.
 */
export function DependenciesPage() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const range = graphWindow(new URLSearchParams(params.toString()));
  const layout = graphLayoutMode(params.get("layout"));
  const graph = useGraphQuery(graphApiQuery(range));
  const [selected, setSelected] = useState<string | null>(null);
  const select = useCallback((name: string | null) => setSelected(name), []);

  const goTo = (next: GraphWindow) => {
    const query = graphPageQuery(next, layout);
    router.push(query ? `${pathname}?${query}` : pathname);
  };
  // Through the History API, with no server round trip. Next.js follows a state of no state of its
  // own (useSearchParams updates); passing window.history.state on would make it look away.
  const setLayout = (mode: GraphLayoutMode) => {
    const query = graphPageQuery(range, mode);
    window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
  };
  const data = graph.data;
  const selectedNode = selected ? data?.nodes.find((node) => node.name === selected) : undefined;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Dependencies</h1>
        <p className="min-w-0 flex-1 truncate text-sm text-slate-500" data-testid="graph-summary">
          {data ? `${countOf(data.nodes.length, "node")} · ${countOf(data.links.length, "link")} · ` : ""}
          {describeWindow(range)}
        </p>
        <DependencyGraphToolbar range={range} layout={layout} onRange={goTo} onLayout={setLayout} />
      </div>
      {graph.isError ? (
        <p
          role="alert"
          className="rounded bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="graph-error"
        >
          The dependency graph failed: {graph.error.message}
        </p>
      ) : !data ? (
        <p className="text-sm text-slate-500" data-testid="graph-loading">
          Loading the dependency graph…
        </p>
      ) : data.links.length === 0 ? (
        <p
          className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700"
          data-testid="graph-empty"
        >
          No calls between services in {describeWindow(range)}. Widen the time range; links appear a few
          seconds after a trace's spans arrive.
        </p>
      ) : (
        <>
          <div className={`grid gap-4 ${selectedNode ? "lg:grid-cols-[minmax(0,1fr)_20rem]" : ""}`}>
            <DependencyGraph
              graph={data}
              layout={layout}
              selected={selectedNode ? selected : null}
              onSelect={select}
            />
            {selectedNode && (
              <DependencyGraphPanel node={selectedNode} links={data.links} range={range} onSelect={select} />
            )}
          </div>
          <DependencyGraphLegend />
        </>
      )}
    </div>
  );
}
