import { groupedCountOf } from "../format/count";
import { formatDurationUs, parseDurationUs } from "../format/duration";

/**
 * Which traces an attribute diff (`GET /api/attribute-diff`) sets apart from the rest of a search:
 * those slower than a duration, those with an error, or named ones. The pages keep it in their URL
 * under the API's own parameter names (`slowerThan=250ms`, `errors=true`, `traceIds=a,b`), so a
 * copied link reopens the same comparison and the API's query is the page's parameters as they are.
 */
export type DiffSelection =
  | { kind: "slowerThan"; durationUs: number }
  | { kind: "errors" }
  | { kind: "traceIds"; traceIds: string[] };

/** The selection a page's URL holds; undefined for none, or for one that cannot be read. */
export function diffSelectionOf(params: URLSearchParams): DiffSelection | undefined {
  const slowerThan = params.get("slowerThan");
  if (slowerThan !== null) {
    const durationUs = parseDurationUs(slowerThan);
    return durationUs === undefined ? undefined : { kind: "slowerThan", durationUs };
  }
  if (params.get("errors") === "true") return { kind: "errors" };
  const traceIds = (params.get("traceIds") ?? "").split(",").filter((id) => id !== "");
  return traceIds.length > 0 ? { kind: "traceIds", traceIds } : undefined;
}

/** The URL parameter that says a selection: exactly one of the three. */
export function diffSelectionParam(selection: DiffSelection): [string, string] {
  switch (selection.kind) {
    case "slowerThan":
      return ["slowerThan", durationParam(selection.durationUs)];
    case "errors":
      return ["errors", "true"];
    case "traceIds":
      return ["traceIds", selection.traceIds.join(",")];
  }
}

/** The parameters a selection is kept under, to drop from a URL when it closes. */
export const DIFF_SELECTION_PARAMS = ["slowerThan", "errors", "traceIds"] as const;

/**
 * A duration as a parameter the API's parser reads back to the same µs: formatDurationUs's text
 * (three significant figures) while that is one unit, whole seconds past a minute ("2m 5s" has a space).
 */
export function durationParam(durationUs: number): string {
  return durationUs < 60_000_000 ? formatDurationUs(durationUs) : `${Math.round(durationUs / 1_000_000)}s`;
}

/** The query string of `GET /api/attribute-diff`: the search's filters, the selection, and the scope. */
export function attributeDiffApiQuery(
  filters: Record<string, string>,
  selection: DiffSelection,
  scope: "trace" | "span" = "trace",
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    // The sort orders results; it does not change which traces are compared.
    if (key !== "sort" && value !== "") params.set(key, value);
  }
  params.set(...diffSelectionParam(selection));
  if (scope === "span") params.set("scope", "span");
  return params.toString();
}

/**
 * The comparison in words: "123 traces slower than 250ms vs 877 others", "4 spans with errors vs 96
 * without", "2 picked traces vs 18 others", then "sampled from 12,500" when the API read a sample.
 */
export function describeDiffCounts(
  selection: DiffSelection,
  answer: {
    scope: "trace" | "span";
    selectionCount: number;
    baselineCount: number;
    sampled: boolean;
    populationCount: number;
  },
): string {
  const noun = answer.scope;
  const baseline = answer.baselineCount.toLocaleString("en-US");
  const words =
    selection.kind === "slowerThan"
      ? `${groupedCountOf(answer.selectionCount, noun)} slower than ${formatDurationUs(selection.durationUs)} vs ${baseline} others`
      : selection.kind === "errors"
        ? `${groupedCountOf(answer.selectionCount, noun)} with errors vs ${baseline} without`
        : `${groupedCountOf(answer.selectionCount, `picked ${noun}`)} vs ${baseline} others`;
  return answer.sampled ? `${words}, sampled from ${answer.populationCount.toLocaleString("en-US")}` : words;
}

/** The two sides in words, for the panel's legend: "slower than 250ms" and "others". */
export function describeDiffSelection(selection: DiffSelection): { selection: string; baseline: string } {
  switch (selection.kind) {
    case "slowerThan":
      return { selection: `slower than ${formatDurationUs(selection.durationUs)}`, baseline: "others" };
    case "errors":
      return { selection: "with errors", baseline: "without" };
    case "traceIds":
      return { selection: "picked", baseline: "others" };
  }
}
