import { availableParallelism } from "node:os";
import type { Span } from "../model/span";
import { writeSpans } from "./write-spans";

/**
 * Group commit. Requests that arrive while earlier ones are being written wait, and are then
 * written together: one COPY, one summaries statement and one commit for the lot, where each
 * request alone would pay for its own. Every request keeps its guarantees: its promise resolves only
 * after the commit that holds its spans, and it is stored whole or not at all — when a group fails,
 * its requests are written again one by one, so a bad request fails alone.
 *
 * WRITERS groups are written at once; with more requests in flight than that, groups form by
 * themselves and grow with the load, up to MAX_GROUP_SPANS spans.
 */
// One writer per core keeps PostgreSQL busy on all of them; fewer left cores idle in the benchmark.
const WRITERS = Math.max(2, availableParallelism());
const MAX_GROUP_SPANS = 20_000;

interface PendingWrite {
  spans: Span[];
  resolve(result: { stored: number }): void;
  reject(error: unknown): void;
}

const queue: PendingWrite[] = [];
let activeWriters = 0;

/** Stores one request's spans; resolves after the commit with how many were new. */
export function saveSpans(spans: Span[]): Promise<{ stored: number }> {
  if (spans.length === 0) return Promise.resolve({ stored: 0 });
  return new Promise((resolve, reject) => {
    queue.push({ spans, resolve, reject });
    if (activeWriters < WRITERS) void drainQueue();
  });
}

async function drainQueue(): Promise<void> {
  activeWriters++;
  try {
    for (let group = takeGroup(); group.length > 0; group = takeGroup()) await writeGroup(group);
  } finally {
    activeWriters--;
  }
}

function takeGroup(): PendingWrite[] {
  const group: PendingWrite[] = [];
  let size = 0;
  while (
    queue.length > 0 &&
    (group.length === 0 || size + (queue[0]?.spans.length ?? 0) <= MAX_GROUP_SPANS)
  ) {
    const next = queue.shift() as PendingWrite;
    size += next.spans.length;
    group.push(next);
  }
  return group;
}

async function writeGroup(group: PendingWrite[]): Promise<void> {
  try {
    const stored = new Set(await writeSpans(group.flatMap((write) => write.spans)));
    for (const write of group)
      write.resolve({ stored: write.spans.filter((span) => stored.has(span)).length });
  } catch (error) {
    if (group.length === 1) return (group[0] as PendingWrite).reject(error);
    for (const write of group) await writeGroup([write]);
  }
}
