"use client";

import { useCallback, useMemo, useState } from "react";
import { useGraphQuery } from "@/components/queries/useGraphQuery";
import type { GraphLink } from "@/lib/api/graph";
import { countOf, groupedCountOf } from "@/lib/format/count";
import { edgeTracesHref } from "@/lib/graph/edge-traces";
import { shownView } from "@/lib/graph/graph-url";
import { foldLeaves } from "@/lib/services/fold-leaves";
import { neighbourhood } from "@/lib/services/neighbourhood";
import { describeWindow, graphApiQuery } from "@/lib/time/window";
import { DependencyAdjacencyList } from "./DependencyAdjacencyList";
import { DependencyGraph } from "./DependencyGraph";
import { DependencyGraphLegend } from "./DependencyGraphLegend";
import { DependencyGraphPanel } from "./DependencyGraphPanel";
import { DependencyGraphToolbar } from "./DependencyGraphToolbar";
import { GraphFocusBar } from "./GraphFocusBar";
import { useGraphPageUrl } from "./useGraphPageUrl";

/**
 * The dependencies page: the window's whole graph, drawn or (past LIST_VIEW_THRESHOLD nodes) listed,
 * or one focused node's neighbourhood, its leaves folded or not; all of it in the URL
 * (useGraphPageUrl). The selected node is local state. Clicking an edge opens its traces.
 */
export function DependenciesPage() {
  const { state, update } = useGraphPageUrl();
  const { window: range, layout, focus, hops, fold } = state;
  const graph = useGraphQuery(graphApiQuery(range));
  const [selected, setSelected] = useState<string | null>(null);
  const select = useCallback((name: string | null) => setSelected(name), []);
  const setFocus = useCallback(
    (name: string) => {
      setSelected(null);
      update({ focus: name }, "push");
    },
    [update],
  );

  const data = graph.data;
  const area = useMemo(
    () => (data && focus ? neighbourhood(data, focus, hops) : undefined),
    [data, focus, hops],
  );
  const shown = useMemo(() => {
    const base = area?.graph ?? data;
    if (!base) return undefined;
    return fold ? foldLeaves(base, new Set([focus])) : { graph: base, folded: undefined };
  }, [area, data, fold, focus]);
  const names = useMemo(() => data?.nodes.map((node) => node.name) ?? [], [data]);
  const kinds = useMemo(() => new Map(data?.nodes.map((node) => [node.name, node.kind])), [data]);
  const edgeHref = useCallback(
    (link: GraphLink) => edgeTracesHref(link, (name) => kinds.get(name) ?? "service", range),
    [kinds, range],
  );
  const view = data ? shownView(state, data.nodes.length) : "graph";
  const selectedNode = selected ? shown?.graph.nodes.find((node) => node.name === selected) : undefined;
  const focusMissing = data !== undefined && focus !== "" && area === undefined;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Dependencies</h1>
        <p className="min-w-0 flex-1 truncate text-sm text-slate-500" data-testid="graph-summary">
          {shown
            ? `${countOf(shown.graph.nodes.length, "node")} · ${countOf(shown.graph.links.length, "link")} · `
            : ""}
          {describeWindow(range)}
          {data?.omittedLinks ? ` · ${groupedCountOf(data.omittedLinks, "quieter link")} left out` : ""}
        </p>
        <DependencyGraphToolbar
          range={range}
          layout={layout}
          onRange={(next) => update({ window: next }, "navigate")}
          onLayout={(next) => update({ layout: next }, "replace")}
        />
      </div>
      {data && data.links.length > 0 && (
        <GraphFocusBar
          names={names}
          focus={focus}
          hops={hops}
          fold={fold}
          view={focus ? undefined : view}
          onFocus={setFocus}
          onHops={(next) => update({ hops: next }, "push")}
          onFold={(next) => update({ fold: next }, "replace")}
          onView={(next) => update({ view: next }, "replace")}
        />
      )}
      {graph.isError ? (
        <p
          role="alert"
          className="rounded bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="graph-error"
        >
          The dependency graph failed: {graph.error.message}
        </p>
      ) : !data || !shown ? (
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
      ) : focusMissing ? (
        <p
          className="rounded border border-dashed border-slate-300 p-6 text-center text-sm break-all text-slate-500 dark:border-slate-700"
          data-testid="graph-focus-missing"
        >
          {focus} made or took no calls in {describeWindow(range)}. Widen the time range or show the whole
          graph.
        </p>
      ) : view === "list" ? (
        <DependencyAdjacencyList graph={shown.graph} onFocus={setFocus} />
      ) : (
        <>
          <div className={`grid gap-4 ${selectedNode || focus ? "lg:grid-cols-[minmax(0,1fr)_22rem]" : ""}`}>
            <DependencyGraph
              graph={shown.graph}
              layout={layout}
              selected={selectedNode ? selected : null}
              focus={focus}
              folded={shown.folded}
              edgeHref={edgeHref}
              onSelect={select}
            />
            {(selectedNode || focus) && (
              // The side of a focused graph: the selected node's panel, and room for the panels that
              // explain the focus (e.g. the paths through it), which stack here below it.
              <div className="space-y-4" data-testid="graph-side">
                {selectedNode && (
                  <DependencyGraphPanel
                    node={selectedNode}
                    links={shown.graph.links}
                    range={range}
                    onSelect={select}
                    onFocus={setFocus}
                  />
                )}
              </div>
            )}
          </div>
          <DependencyGraphLegend />
        </>
      )}
    </div>
  );
}
