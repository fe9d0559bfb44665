"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatDurationUs, formatOffsetUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import { type Attributes, attributeText } from "@/lib/model/span";
import type { TraceRow } from "@/lib/trace/tree";
import { EventsTable } from "./EventsTable";

/**
 * Everything about one span: times, kind, status, attributes, resource, events, links and what ingest
 * repaired. Links to a span of this trace select it; links to another trace open it at that span.
 */
export function SpanDetails({
  row,
  traceStartUs,
  onSelectSpan,
  onClose,
}: {
  row: TraceRow;
  traceStartUs: number;
  onSelectSpan(spanId: string): void;
  onClose(): void;
}) {
  const { span, skewUs } = row;
  const facts: [string, ReactNode][] = [
    ["Service", span.serviceName],
    ["Kind", span.kind.toLowerCase()],
    ["Start", formatOffsetUs(span.startUs - traceStartUs)],
    ["Duration", formatDurationUs(span.durationUs)],
    [
      "Status",
      <span key="status" className={span.status.code === "ERROR" ? "font-medium text-red-600" : undefined}>
        {span.status.code.toLowerCase()}
        {span.status.message ? `: ${span.status.message}` : ""}
      </span>,
    ],
    ["Span id", <code key="id">{span.spanId}</code>],
  ];
  if (span.parentSpanId) {
    facts.push([
      "Parent",
      <button
        key="parent"
        type="button"
        className="font-mono text-sky-700 hover:underline dark:text-sky-400"
        onClick={() => onSelectSpan(span.parentSpanId as string)}
      >
        {span.parentSpanId}
      </button>,
    ]);
  }
  if (span.remoteServiceName) facts.push(["Remote service", span.remoteServiceName]);
  if (span.shared) facts.push(["Shared", "server half of a span id shared with its client (Zipkin)"]);
  if (skewUs) facts.push(["Clock skew", `shifted ${formatOffsetUs(skewUs)}`]);

  return (
    <aside
      className="space-y-4 overflow-y-auto rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
      data-testid="span-details"
    >
      <div className="flex items-start gap-2">
        <span
          className="mt-1 size-3 shrink-0 rounded-sm"
          style={{ background: serviceColor(span.serviceName) }}
        />
        <h2 className="min-w-0 flex-1 break-words font-semibold" data-testid="span-details-name">
          {span.name || "(unnamed)"}
        </h2>
        <button
          type="button"
          className="text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"
          onClick={onClose}
          aria-label="Close span details"
        >
          ✕
        </button>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="min-w-0 break-words">{value}</dd>
          </div>
        ))}
      </dl>
      {span.warnings && span.warnings.length > 0 && (
        <Section title="Repaired at ingest">
          <ul className="list-disc pl-5 text-amber-700 dark:text-amber-400" data-testid="span-warnings">
            {span.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </Section>
      )}
      <AttributeTable title="Attributes" attributes={span.attributes} testId="span-attributes" />
      <AttributeTable title="Resource" attributes={span.resource} testId="span-resource" />
      {span.scope && (
        <Section title="Instrumentation scope">
          <p>
            {span.scope.name}
            {span.scope.version ? ` ${span.scope.version}` : ""}
          </p>
        </Section>
      )}
      {span.events.length > 0 && (
        <Section title={`Events (${span.events.length})`}>
          <EventsTable
            events={span.events
              .map((event, i) => ({ key: String(i), span, event }))
              .sort((a, b) => a.event.timeUs - b.event.timeUs)}
            narrow
            testId="span-events"
          />
        </Section>
      )}
      {span.links.length > 0 && (
        <Section title={`Links (${span.links.length})`}>
          <ul className="space-y-1" data-testid="span-links">
            {span.links.map((link) => (
              <li key={`${link.traceId}:${link.spanId}`}>
                <span className="mr-2 text-xs text-slate-500">
                  {link.type.toLowerCase().replace("_", " ")}
                </span>
                {link.traceId === span.traceId ? (
                  <button
                    type="button"
                    className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                    onClick={() => onSelectSpan(link.spanId)}
                  >
                    {link.spanId}
                  </button>
                ) : (
                  <Link
                    className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                    href={`/trace/${link.traceId}?span=${link.spanId}`}
                  >
                    {link.traceId.slice(0, 16)}…/{link.spanId}
                  </Link>
                )}
                {link.attributes && <AttributeList attributes={link.attributes} />}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </aside>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

function AttributeTable({
  title,
  attributes,
  testId,
}: {
  title: string;
  attributes: Attributes;
  testId: string;
}) {
  if (Object.keys(attributes).length === 0) return null;
  return (
    <Section title={title}>
      <div data-testid={testId}>
        <AttributeList attributes={attributes} />
      </div>
    </Section>
  );
}

function AttributeList({ attributes }: { attributes: Attributes }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <dl className="grid grid-cols-[minmax(0,max-content)_1fr] gap-x-3 font-mono text-xs">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="truncate text-slate-500" title={key}>
            {key}
          </dt>
          <dd className="min-w-0 whitespace-pre-wrap break-all">{attributeText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
