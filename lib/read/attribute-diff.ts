import type { AttributeDiff } from "../api/attribute-diff";
import { readAttributeDiffCounts } from "../db/attribute-diff";
import { rankAttributeDiff } from "../diff/attribute-diff";
import type { AttributeDiffQuery } from "../search/attribute-diff-params";

/**
 * `GET /api/attribute-diff`: the population's counts per attribute value (lib/db/attribute-diff.ts,
 * an even sample past DIFF_SAMPLE), ranked by lib/diff. An empty selection or baseline is an
 * answer, not an error: its count is 0 and its fractions are 0, which the page words.
 */
export async function readAttributeDiff(
  query: AttributeDiffQuery,
  timeoutMs: number,
): Promise<AttributeDiff> {
  const { populationCount, selectionCount, baselineCount, rows } = await readAttributeDiffCounts(
    query,
    timeoutMs,
  );
  return {
    scope: query.scope,
    selectionCount,
    baselineCount,
    sampled: populationCount > selectionCount + baselineCount,
    populationCount,
    attributes:
      selectionCount === 0
        ? []
        : rankAttributeDiff(rows, { selection: selectionCount, baseline: baselineCount }),
  };
}
