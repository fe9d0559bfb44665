/**
 * Which of the asked traces one read takes, in order, within `maxSpans` spans by their summaries'
 * counts: every one that fits, and a first one larger than the bound (then read truncated). Ids
 * without a summary are not stored and are left out.
 */
export function planTraceReads(
  traceIds: string[],
  totals: ReadonlyMap<string, number>,
  maxSpans: number,
): { read: string[]; omitted: string[] } {
  const read: string[] = [];
  const omitted: string[] = [];
  let spans = 0;
  for (const traceId of new Set(traceIds)) {
    const total = totals.get(traceId);
    if (total === undefined) continue;
    if (read.length === 0 || spans + total <= maxSpans) {
      read.push(traceId);
      spans += total;
    } else omitted.push(traceId);
  }
  return { read, omitted };
}
