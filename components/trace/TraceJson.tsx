"use client";

import { useMemo, useState } from "react";
import { encodeJaegerTrace, jaegerEnvelope } from "@/lib/encode/jaeger-json";
import { encodeOtlpJson } from "@/lib/encode/otlp-json";
import { encodeZipkinV2 } from "@/lib/encode/zipkin-v2";
import type { Span } from "@/lib/model/span";

/** The formats a trace is shown and downloaded in; each one is a file `/upload` reads back. */
const FORMATS = {
  tracelight: { label: "Tracelight", encode: (traceId: string, spans: Span[]) => ({ traceId, spans }) },
  jaeger: {
    label: "Jaeger JSON",
    encode: (_: string, spans: Span[]) => jaegerEnvelope([encodeJaegerTrace(spans)]),
  },
  zipkin: { label: "Zipkin v2", encode: (_: string, spans: Span[]) => encodeZipkinV2(spans) },
  otlp: { label: "OTLP JSON", encode: (_: string, spans: Span[]) => encodeOtlpJson(spans) },
} as const;
type Format = keyof typeof FORMATS;

/** Shown text stops here: a browser lays out megabytes of text slowly, and the download has it all. */
const SHOWN_CHARS = 200_000;

export function TraceJson({ traceId, spans }: { traceId: string; spans: Span[] }) {
  const [format, setFormat] = useState<Format>("tracelight");
  const text = useMemo(
    () => JSON.stringify(FORMATS[format].encode(traceId, spans), null, 2),
    [format, traceId, spans],
  );

  const download = (chosen: Format) => {
    const body = chosen === format ? text : JSON.stringify(FORMATS[chosen].encode(traceId, spans), null, 2);
    const url = URL.createObjectURL(new Blob([body], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `trace-${traceId}-${chosen}.json`;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1.5 text-slate-500">
          Format
          <select
            className="rounded border border-slate-300 bg-transparent px-1 dark:border-slate-700"
            value={format}
            onChange={(event) => setFormat(event.target.value as Format)}
            data-testid="json-format"
          >
            {Object.entries(FORMATS).map(([id, { label }]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <span className="ml-auto text-slate-500">Download</span>
        {Object.entries(FORMATS).map(([id, { label }]) => (
          <button
            key={id}
            type="button"
            className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            onClick={() => download(id as Format)}
            data-testid={`download-${id}`}
          >
            {label}
          </button>
        ))}
      </div>
      <pre
        className="h-[calc(100vh-18rem)] min-h-80 overflow-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-900"
        data-testid="trace-json"
      >
        {text.length > SHOWN_CHARS
          ? `${text.slice(0, SHOWN_CHARS)}\n… ${(text.length - SHOWN_CHARS).toLocaleString()} more characters: download to see them all`
          : text}
      </pre>
    </div>
  );
}
