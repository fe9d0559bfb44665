"use client";

import Link from "next/link";
import { useEffect } from "react";
import type { GraphLink, GraphNode } from "@/lib/api/graph";
import { describeCalls, describeLatency, errorLevel, errorRate } from "@/lib/graph/edge-style";
import { tracesHref } from "@/lib/search/search-url";
import type { GraphWindow } from "@/lib/time/window";
import { KIND_LABELS } from "./DependencyGraphNode";

/**
 * The selected node: what it is, who calls it and what it calls (busiest first, each a link to
 * select that node), and for a service a link to its traces in the same window. Escape closes it.
 */
export function DependencyGraphPanel({
  node,
  links,
  range,
  onSelect,
  onFocus,
}: {
  node: GraphNode;
  links: GraphLink[];
  range: GraphWindow;
  onSelect(name: string | null): void;
  /** Shows the node's neighbourhood alone. */
  onFocus?(name: string): void;
}) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") onSelect(null);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [onSelect]);

  const busiestFirst = (a: GraphLink, b: GraphLink) => b.calls - a.calls;
  const incoming = links.filter((link) => link.child === node.name).sort(busiestFirst);
  const outgoing = links.filter((link) => link.parent === node.name).sort(busiestFirst);
  return (
    <aside
      className="space-y-4 rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
      aria-label={`Dependencies of ${node.name}`}
      data-testid="node-panel"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold" title={node.name} data-testid="node-panel-name">
            {node.name}
          </h2>
          <p className="text-xs text-slate-500">
            {KIND_LABELS[node.kind]} · {node.calls > 0 ? `${describeCalls(node)} in` : "not called"}
          </p>
        </div>
        <button
          type="button"
          className="rounded px-1.5 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          aria-label="Close"
          onClick={() => onSelect(null)}
        >
          ×
        </button>
      </div>
      {onFocus && (
        <button
          type="button"
          className="block font-medium text-sky-700 hover:underline dark:text-sky-400"
          onClick={() => onFocus(node.name)}
          data-testid="node-focus"
        >
          Show its neighbourhood only
        </button>
      )}
      {node.kind === "service" ? (
        <Link
          href={tracesHref(node.name, range)}
          className="block font-medium text-sky-700 hover:underline dark:text-sky-400"
          data-testid="node-traces-link"
        >
          Traces of {node.name}
        </Link>
      ) : (
        <p className="text-xs text-slate-500">
          A {KIND_LABELS[node.kind]} sends no spans of its own: its callers' traces show the calls.
        </p>
      )}
      <EdgeList
        title="Called by"
        testId="node-incoming"
        links={incoming}
        peerOf={(link) => link.parent}
        onSelect={onSelect}
      />
      <EdgeList
        title="Calls"
        testId="node-outgoing"
        links={outgoing}
        peerOf={(link) => link.child}
        onSelect={onSelect}
      />
    </aside>
  );
}

function EdgeList({
  title,
  testId,
  links,
  peerOf,
  onSelect,
}: {
  title: string;
  testId: string;
  links: GraphLink[];
  peerOf(link: GraphLink): string;
  onSelect(name: string): void;
}) {
  return (
    <section>
      <h3 className="mb-1 text-xs font-medium text-slate-600 uppercase dark:text-slate-400">
        {title} ({links.length})
      </h3>
      {links.length === 0 ? (
        <p className="text-xs text-slate-500">nothing</p>
      ) : (
        <ul className="space-y-1.5">
          {links.map((link) => {
            const peer = peerOf(link);
            const failing = errorLevel(errorRate(link.errors, link.calls)) !== "ok";
            return (
              <li key={peer} data-testid={testId} data-peer={peer}>
                <button
                  type="button"
                  className="max-w-full truncate text-left hover:underline"
                  title={peer}
                  onClick={() => onSelect(peer)}
                >
                  {peer}
                </button>
                <div
                  className={`text-xs tabular-nums ${failing ? "text-red-700 dark:text-red-300" : "text-slate-500"}`}
                >
                  {describeCalls(link)}
                </div>
                <div className="text-xs tabular-nums text-slate-500">{describeLatency(link)}</div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
