import { z } from "zod";

/**
 * GET /api/attribute-diff, as both the route and the pages see it: a population (the search's
 * filters and window) split into a selection (slower than a duration, with errors, or named traces)
 * and the rest, its baseline, and the attribute values that tell them apart, most telling first.
 */
export const attributeDiffEntrySchema = z.object({
  /** The attribute's own name (`service.version`, `http.status_code`), or an intrinsic's (`kind`). */
  key: z.string(),
  /** Its value as text; a numeric attribute's bucket as a range (`200–400`). */
  value: z.string(),
  /** Where it came from: a span attribute, a resource attribute, or an intrinsic of the span. */
  source: z.enum(["span", "resource", "intrinsic"]),
  /** The fraction (0–1) of the selection's and of the baseline's traces (or spans) carrying it. */
  selection: z.number().min(0).max(1),
  baseline: z.number().min(0).max(1),
  /** The search page's `tags` filter that finds it (`key=value`); absent for a numeric range. */
  tag: z.string().optional(),
});
export type AttributeDiffEntry = z.infer<typeof attributeDiffEntrySchema>;

export const attributeDiffSchema = z.object({
  /** `trace`: traces compared by any of their spans' values; `span`: the chosen operation's spans. */
  scope: z.enum(["trace", "span"]),
  selectionCount: z.number().int().nonnegative(),
  baselineCount: z.number().int().nonnegative(),
  /** The population read was an even sample of a larger one, of `populationCount` in all. */
  sampled: z.boolean(),
  populationCount: z.number().int().nonnegative(),
  attributes: z.array(attributeDiffEntrySchema),
});
export type AttributeDiff = z.infer<typeof attributeDiffSchema>;
