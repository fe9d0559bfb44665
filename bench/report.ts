import os from "node:os";

/** One run's paired measurements: ingest and COPY of the same rows, back to back. */
export interface RunResult {
  ingestSpansPerS: number;
  copySpansPerS: number;
  parallelCopySpansPerS: number;
  /** COPY into a table with the indexes of `spans` (bench/copy-baseline.ts). */
  sameIndexesCopySpansPerS: number;
  p50Ms: number;
  p95Ms: number;
}

export interface RunContext {
  date: Date;
  workload: string;
  postgres: string;
  /** Server, database and the benchmark share the machine's cores: other load skews every number. */
  loadBefore: number[];
  targetRatio: number;
}

/** One wire format's runs and the Node work of decoding its bodies and rendering them as COPY text. */
export interface FormatResult {
  format: string;
  runs: RunResult[];
  nodeWorkMs: number;
}

/** Nearest-rank percentile; `fraction` in (0, 1]. */
export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const median = (values: number[]) => percentile(values, 0.5);
const whole = (value: number) => Math.round(value).toLocaleString("en-US");
const ratio = (value: number) => value.toFixed(2);

/**
 * The machine, the versions and a Markdown table with one row per wire format: medians over its runs,
 * and the spread of the ratio. A ratio's median is the median of the per-run ratios: each run measures
 * ingest and COPY back to back, under the same conditions.
 */
/** The foundation issue's target, set for the first format (Zipkin v2 JSON); the others are reported. */
function targetLine({ format, runs }: FormatResult, target: number): string {
  const ratio = median(runs.map((run) => run.ingestSpansPerS / run.copySpansPerS));
  return `target: ${format} ingest / plain COPY ≥ ${target}: ${ratio >= target ? "met" : "NOT met"}`;
}

export function formatReport(results: FormatResult[], context: RunContext): string {
  const cpus = os.cpus();
  const rows = results.map(({ format, runs, nodeWorkMs }) => {
    const ratios = runs.map((run) => run.ingestSpansPerS / run.copySpansPerS);
    const cells = [
      format,
      whole(median(runs.map((run) => run.ingestSpansPerS))),
      whole(median(runs.map((run) => run.copySpansPerS))),
      `**${ratio(median(ratios))}**`,
      `${ratio(Math.min(...ratios))}–${ratio(Math.max(...ratios))}`,
      ratio(median(runs.map((run) => run.ingestSpansPerS / run.parallelCopySpansPerS))),
      whole(median(runs.map((run) => run.sameIndexesCopySpansPerS))),
      ratio(median(runs.map((run) => run.ingestSpansPerS / run.sameIndexesCopySpansPerS))),
      whole(median(runs.map((run) => run.p50Ms))),
      whole(median(runs.map((run) => run.p95Ms))),
      whole(nodeWorkMs),
    ];
    return `| ${cells.join(" | ")} |`;
  });
  return [
    `date: ${context.date.toISOString()}`,
    `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${whole(os.totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}, PostgreSQL ${context.postgres}`,
    `load average before the run: ${context.loadBefore.map((load) => load.toFixed(2)).join(", ")}`,
    `workload: ${context.workload}`,
    "",
    "| format | ingest spans/s | plain COPY spans/s | ingest / plain COPY | range | ingest / parallel plain COPY | same-indexes COPY spans/s | ingest / same-indexes COPY | p50 ms | p95 ms | Node decode + COPY text ms |",
    `|---|${"---:|".repeat(10)}`,
    ...rows,
    "",
    targetLine(results[0] as FormatResult, context.targetRatio),
  ].join("\n");
}

/**
 * Times each of `ways` once per round, one after another, for `warmUp` unmeasured rounds and then
 * `rounds` measured ones: interleaved, so that whatever else the machine does weighs on all alike.
 * Answers each way's wall-clock ms per measured round; `round` lets a way vary its input.
 */
export async function interleaved<Way extends string>(
  warmUp: number,
  rounds: number,
  ways: Record<Way, (round: number) => Promise<unknown>>,
): Promise<Record<Way, number[]>> {
  const names = Object.keys(ways) as Way[];
  const timings = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Way, number[]>;
  for (let round = 0; round < warmUp + rounds; round++) {
    for (const name of names) {
      const started = performance.now();
      await ways[name](round);
      if (round >= warmUp) timings[name].push(performance.now() - started);
    }
  }
  return timings;
}
