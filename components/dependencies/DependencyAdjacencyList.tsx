"use client";

import { memo, useMemo } from "react";
import type { DependencyGraph } from "@/lib/api/graph";
import { type AdjacentPeer, adjacencyList } from "@/lib/graph/adjacency-list";
import { describeCalls } from "@/lib/graph/edge-style";
import { KIND_LABELS } from "./DependencyGraphNode";

/** Peers shown per cell; the rest are counted. Every peer is a row of its own further down or up. */
const PEERS_SHOWN = 6;

/**
 * The whole graph as a sorted adjacency list (lib/graph/adjacency-list.ts), for estates too big to
 * draw: one row per node, callers above what they call, each with its callers and callees; a name
 * focuses that node.
 */
export const DependencyAdjacencyList = memo(function DependencyAdjacencyList({
  graph,
  onFocus,
}: {
  graph: DependencyGraph;
  onFocus(name: string): void;
}) {
  const rows = useMemo(() => adjacencyList(graph), [graph]);
  return (
    <div
      className="max-h-[75vh] overflow-auto rounded border border-slate-200 dark:border-slate-800"
      data-testid="graph-list"
    >
      <table className="w-full text-left text-sm">
        <thead className="sticky top-0 bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <th className="px-2 py-1 font-medium">Service</th>
            <th className="px-2 py-1 font-medium">Calls in</th>
            <th className="px-2 py-1 font-medium">Called by</th>
            <th className="px-2 py-1 font-medium">Calls</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ node, depth, callers, callees }) => (
            <tr
              key={node.name}
              className="border-t border-slate-100 align-top dark:border-slate-800"
              data-testid="graph-list-row"
              data-name={node.name}
              data-depth={depth}
            >
              <td className="px-2 py-1">
                <button
                  type="button"
                  className="text-left font-medium break-all text-sky-700 hover:underline dark:text-sky-400"
                  onClick={() => onFocus(node.name)}
                >
                  {node.name}
                </button>
                <div className="text-xs text-slate-500">{KIND_LABELS[node.kind]}</div>
              </td>
              <td className="px-2 py-1 text-xs whitespace-nowrap text-slate-600 tabular-nums dark:text-slate-400">
                {node.calls > 0 ? describeCalls(node) : "entry point"}
              </td>
              <td className="px-2 py-1">
                <Peers peers={callers} onFocus={onFocus} />
              </td>
              <td className="px-2 py-1">
                <Peers peers={callees} onFocus={onFocus} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

function Peers({ peers, onFocus }: { peers: AdjacentPeer[]; onFocus(name: string): void }) {
  if (peers.length === 0) return <span className="text-xs text-slate-400">—</span>;
  const rest = peers.length - PEERS_SHOWN;
  return (
    <div className="flex flex-wrap gap-1">
      {peers.slice(0, PEERS_SHOWN).map(({ name, link }) => (
        <button
          key={name}
          type="button"
          className="rounded bg-slate-100 px-1.5 text-xs break-all hover:bg-sky-100 dark:bg-slate-800 dark:hover:bg-sky-900"
          title={describeCalls(link)}
          onClick={() => onFocus(name)}
        >
          {name}
        </button>
      ))}
      {rest > 0 && <span className="text-xs text-slate-500">and {rest} more</span>}
    </div>
  );
}
