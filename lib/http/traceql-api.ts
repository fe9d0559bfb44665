import {
  type TraceQLRefusal,
  type TraceQLSearchResponse,
  type TraceQLTagsResponse,
  type TraceQLTagValuesResponse,
  traceqlSearchQuerySchema,
  traceqlTagValuesQuerySchema,
} from "../api/traceql";
import { badRequest } from "../errors";
import { tagNames, tagValues } from "../read/attribute-names";
import { searchTraceQL } from "../read/traceql";
import { clampLimit } from "../search/params";
import { parseTracelightWindow } from "../search/tracelight-params";
import { matchedSpanIds, parseField } from "../traceql/fields";
import { parseTraceQL, TraceQLError } from "../traceql/parse";
import { parseQuery } from "./query-params";
import { json, type Route } from "./router";
import { searchSettings } from "./search-settings";

/** Names and values the editor is offered: a screenful to pick from, not a catalogue. */
const TAG_LIMIT = 1_000;
const VALUE_LIMIT = 100;

/**
 * The search page's TraceQL mode (lib/api/traceql.ts): the search, and the editor's attribute names
 * and values, over the read layer /tempo answers Grafana from, in Tracelight's own shapes.
 */
export const TRACEQL_ROUTES: Route[] = [
  {
    method: "GET",
    path: "/api/search/traceql",
    handle: async ({ url }) => {
      const { limits, timeoutMs } = searchSettings();
      const { q, limit } = parseQuery(traceqlSearchQuerySchema, url.searchParams);
      const window = parseTracelightWindow(url.searchParams, Date.now() * 1000, limits);
      let query: ReturnType<typeof parseTraceQL>;
      try {
        query = parseTraceQL(q);
      } catch (error) {
        if (!(error instanceof TraceQLError)) throw error;
        const { message, from, to, line, column } = error;
        return json({ error: message, position: { from, to, line, column } } satisfies TraceQLRefusal, 400);
      }
      const matches = await searchTraceQL(
        query,
        { q, ...window, limit: clampLimit(limit, limits) },
        timeoutMs,
      );
      return json({
        traces: matches.map((match) => ({ ...match.trace, matchedSpanIds: matchedSpanIds(match) })),
      } satisfies TraceQLSearchResponse);
    },
  },
  {
    method: "GET",
    path: "/api/traceql/tags",
    handle: async () => {
      const { timeoutMs } = searchSettings();
      const [span, resource] = await Promise.all([
        tagNames("span", TAG_LIMIT, timeoutMs),
        tagNames("resource", TAG_LIMIT, timeoutMs),
      ]);
      return json({ span, resource } satisfies TraceQLTagsResponse);
    },
  },
  {
    method: "GET",
    path: "/api/traceql/tag-values",
    handle: async ({ url }) => {
      const { tag } = parseQuery(traceqlTagValuesQuerySchema, url.searchParams);
      const field = parseField(tag);
      if (!field) throw badRequest(`tag: ${JSON.stringify(tag)} is not a TraceQL attribute or intrinsic`);
      const values = await tagValues(field, VALUE_LIMIT, searchSettings().timeoutMs);
      return json({ values } satisfies TraceQLTagValuesResponse);
    },
  },
];
