import { setPriority } from "node:os";
import type { SummaryRows } from "../db/span-batch";
import { type Prepared, type PrepareRequest, prepare, summariesOf } from "./prepare";

/**
 * The entry of a decode worker thread (decode-pool.ts): prepares one request's rows, or the summary
 * rows of the spans a re-sent batch newly stored.
 */
const DECODE_THREAD_NICENESS = 10;

export type DecodeTask =
  | { kind: "prepare"; request: PrepareRequest }
  | { kind: "summaries"; request: PrepareRequest; keys: string[] };

// On Linux a priority set with pid 0 is the calling thread's: this decode thread yields the CPU to
// the event loop (health checks, small requests, queries) and to PostgreSQL whenever they want it.
try {
  setPriority(0, DECODE_THREAD_NICENESS);
} catch {
  // Not permitted or not supported: the thread runs at the process's priority.
}

export default function run(task: DecodeTask): Prepared | SummaryRows {
  return task.kind === "prepare" ? prepare(task.request) : summariesOf(task.request, task.keys);
}
