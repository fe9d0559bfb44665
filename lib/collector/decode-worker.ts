import type { SummaryRows } from "../db/span-batch";
import { type Prepared, type PrepareRequest, prepare, summariesOf } from "./prepare";

/**
 * The entry of a decode worker thread (decode-pool.ts): prepares one request's rows, or the summary
 * rows of the spans a re-sent batch newly stored.
 */
export type DecodeTask =
  | { kind: "prepare"; request: PrepareRequest }
  | { kind: "summaries"; request: PrepareRequest; keys: string[] };

export default function run(task: DecodeTask): Prepared | SummaryRows {
  return task.kind === "prepare" ? prepare(task.request) : summariesOf(task.request, task.keys);
}
