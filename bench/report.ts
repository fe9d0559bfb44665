import os from "node:os";

/** One run's paired measurements: ingest and COPY of the same rows, back to back. */
export interface RunResult {
  ingestSpansPerS: number;
  copySpansPerS: number;
  parallelCopySpansPerS: number;
  p50Ms: number;
  p95Ms: number;
}

export interface RunContext {
  date: Date;
  workload: string;
  postgres: string;
  /** Server, database and the benchmark share the machine's cores: other load skews every number. */
  loadBefore: number[];
  nodeWorkMs: number;
  targetRatio: number;
}

/** Nearest-rank percentile; `fraction` in (0, 1]. */
export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const median = (values: number[]) => percentile(values, 0.5);
const whole = (value: number) => Math.round(value).toLocaleString("en-US");

/**
 * The machine, the versions and a Markdown table with one column per run and the median. The ratio's
 * median is the median of the per-run ratios: each run measures both sides under the same conditions.
 */
export function formatReport(results: RunResult[], context: RunContext): string {
  const cpus = os.cpus();
  const ratioOf = (result: RunResult) => result.ingestSpansPerS / result.copySpansPerS;
  const parallelRatioOf = (result: RunResult) => result.ingestSpansPerS / result.parallelCopySpansPerS;
  const row = (label: string, pick: (result: RunResult) => number, format: (value: number) => string) => {
    const values = results.map(pick);
    return `| ${label} | ${values.map(format).join(" | ")} | ${format(median(values))} |`;
  };
  const targetMet = median(results.map(ratioOf)) >= context.targetRatio;
  return [
    `date: ${context.date.toISOString()}`,
    `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${whole(os.totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}, PostgreSQL ${context.postgres}`,
    `load average before the run: ${context.loadBefore.map((load) => load.toFixed(2)).join(", ")}`,
    `workload: ${context.workload}`,
    "",
    `| | ${results.map((_, i) => `run ${i + 1}`).join(" | ")} | median |`,
    `|---|${"---:|".repeat(results.length + 1)}`,
    row("ingest spans/s", (result) => result.ingestSpansPerS, whole),
    row("COPY spans/s (one COPY)", (result) => result.copySpansPerS, whole),
    row("ingest / COPY", ratioOf, (value) => value.toFixed(2)),
    row("parallel COPY spans/s (4 connections)", (result) => result.parallelCopySpansPerS, whole),
    row("ingest / parallel COPY", parallelRatioOf, (value) => value.toFixed(2)),
    row("ingest request p50 ms", (result) => result.p50Ms, whole),
    row("ingest request p95 ms", (result) => result.p95Ms, whole),
    "",
    `server-side Node work for one run's spans, timed here in one thread: ${whole(context.nodeWorkMs)} ms`,
    `target ingest / COPY ≥ ${context.targetRatio}: ${targetMet ? "met" : "NOT met"}`,
  ].join("\n");
}
