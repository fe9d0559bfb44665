import { encodeOtlpProto } from "../encode/otlp-proto";
import { tempoSearchResponse, tempoTraceByIdProto, tempoTraceJson } from "../encode/tempo";
import { RequestError } from "../errors";
import { TAG_SCOPES, type TagScope, tagNames, tagValues } from "../read/attribute-names";
import { searchTraceQL } from "../read/traceql";
import { findTrace, truncationWarning } from "../read/traces";
import { optionalParam, readInteger } from "../search/params";
import { parseTempoSearch } from "../search/tempo-params";
import type { FieldExpr, Query } from "../traceql/ast";
import { fieldsOf, parseField } from "../traceql/fields";
import { parseTraceQL, TraceQLError } from "../traceql/parse";
import { json, type Reply, type Route } from "./router";
import { searchSettings } from "./search-settings";

/**
 * Tempo's HTTP API under `/tempo` (a Grafana Tempo data source's URL is then
 * `http://host:3000/tempo`), as Grafana's Tempo data source calls it: the health check's echo,
 * TraceQL search, the editor's tag names and values, and traces by id, as protobuf when asked (as
 * Grafana always does) or JSON. Errors are plain text, as Tempo's are, so Grafana shows them as sent.
 * TraceQL metrics (`| rate()` and the like) are refused: Tracelight answers searches.
 */
const PREFIX = "/tempo/api";
const DEFAULT_TAG_LIMIT = 5_000;
const MAX_TAG_LIMIT = 10_000;

const text = (body: string, status = 200): Reply => ({
  status,
  contentType: "text/plain; charset=utf-8",
  body,
});

/** Tempo answers every refusal as plain text. */
const refused = (status: number, message: string): Reply => text(message, status);

function parseQuery(q: string): Query {
  try {
    return parseTraceQL(q);
  } catch (error) {
    if (error instanceof TraceQLError) throw new RequestError(400, `invalid TraceQL query: ${error.message}`);
    throw error;
  }
}

/** A tag name as the v2 tag values route takes it: any field TraceQL can name (`span.x`, `.x`, `name`). */
function parseTag(tag: string): FieldExpr {
  const field = parseField(tag);
  if (field) return field;
  throw new RequestError(
    400,
    `please provide a valid tagName: ${JSON.stringify(tag)} is not a TraceQL attribute or intrinsic`,
  );
}

function tagLimit(params: URLSearchParams): number {
  const limit =
    readInteger(params, "limit", (name, problem) => `invalid ${name}: ${problem}`) ?? DEFAULT_TAG_LIMIT;
  return Math.max(1, Math.min(limit, MAX_TAG_LIMIT));
}

function scopesOf(params: URLSearchParams): TagScope[] {
  const scope = optionalParam(params, "scope");
  if (scope === undefined || scope === "all") return TAG_SCOPES;
  if (!TAG_SCOPES.includes(scope as TagScope)) {
    throw new RequestError(400, `invalid scope: ${scope} (Tracelight keeps resource, span and intrinsic)`);
  }
  return [scope as TagScope];
}

async function trace(traceId: string, accept: string | undefined, version: 1 | 2): Promise<Reply> {
  const protobuf = accept?.includes("application/protobuf") ?? false;
  let found: Awaited<ReturnType<typeof findTrace>> | undefined;
  try {
    found = await findTrace(traceId);
  } catch (error) {
    // Tempo's v2 answers a trace it does not hold with an empty one; v1 with a 404.
    if (!(error instanceof RequestError && error.status === 404) || version === 1) throw error;
  }
  const spans = found?.spans ?? [];
  const partial = found ? truncationWarning(found) : undefined;
  if (protobuf) {
    // v1's body is Tempo's `Trace`, whose wire form is OTLP's TracesData.
    const body = version === 1 ? encodeOtlpProto(spans) : tempoTraceByIdProto(spans, partial);
    return { status: 200, contentType: "application/protobuf", body: Buffer.from(body) };
  }
  return json(tempoTraceJson(spans, version, partial));
}

const TEMPO_ROUTES: Omit<Route, "refused">[] = [
  { method: "GET", path: `${PREFIX}/echo`, handle: async () => text("echo\n") },
  {
    method: "GET",
    path: `${PREFIX}/status/buildinfo`,
    // The Tempo release whose API this follows; Grafana reads it to decide which features it may use.
    handle: async () =>
      json({
        version: "2.8.0",
        revision: "tracelight",
        branch: "tracelight",
        buildUser: "",
        buildDate: "",
        goVersion: "",
      }),
  },
  {
    method: "GET",
    path: `${PREFIX}/search`,
    handle: async ({ url }) => {
      const { limits, timeoutMs } = searchSettings();
      const search = parseTempoSearch(url.searchParams, Date.now() * 1000, limits);
      const query = parseQuery(search.q);
      const matches = await searchTraceQL(query, search, timeoutMs);
      return json(tempoSearchResponse(matches, fieldsOf(query.root), search.spss));
    },
  },
  {
    method: "GET",
    path: `${PREFIX}/search/tags`,
    handle: async ({ url }) => {
      const limit = tagLimit(url.searchParams);
      const { timeoutMs } = searchSettings();
      const names = await Promise.all(
        scopesOf(url.searchParams)
          .filter((scope) => scope !== "intrinsic")
          .map((scope) => tagNames(scope, limit, timeoutMs)),
      );
      return json({ tagNames: [...new Set(names.flat())].sort().slice(0, limit) });
    },
  },
  {
    method: "GET",
    path: `${PREFIX}/v2/search/tags`,
    handle: async ({ url }) => {
      const limit = tagLimit(url.searchParams);
      const { timeoutMs } = searchSettings();
      const scopes = scopesOf(url.searchParams);
      const tags = await Promise.all(scopes.map((scope) => tagNames(scope, limit, timeoutMs)));
      return json({ scopes: scopes.map((name, i) => ({ name, tags: tags[i] })) });
    },
  },
  {
    method: "GET",
    path: `${PREFIX}/search/tag/:tag/values`,
    handle: async ({ url, params }) => {
      const values = await tagValues(
        parseTag(params.tag as string),
        tagLimit(url.searchParams),
        searchSettings().timeoutMs,
      );
      return json({ tagValues: values.map((value) => value.value) });
    },
  },
  {
    method: "GET",
    path: `${PREFIX}/v2/search/tag/:tag/values`,
    handle: async ({ url, params }) =>
      json({
        tagValues: await tagValues(
          parseTag(params.tag as string),
          tagLimit(url.searchParams),
          searchSettings().timeoutMs,
        ),
      }),
  },
  {
    method: "GET",
    path: `${PREFIX}/traces/:traceId`,
    handle: ({ params, message }) => trace(params.traceId as string, message.headers.accept, 1),
  },
  {
    method: "GET",
    path: `${PREFIX}/v2/traces/:traceId`,
    handle: ({ params, message }) => trace(params.traceId as string, message.headers.accept, 2),
  },
  ...["query_range", "query"].map((endpoint) => ({
    method: "GET" as const,
    path: `${PREFIX}/metrics/${endpoint}`,
    handle: async (): Promise<Reply> => {
      throw new RequestError(
        400,
        "TraceQL metrics are not supported: Tracelight answers TraceQL searches (/api/search)",
      );
    },
  })),
];

export const TEMPO_API_ROUTES: Route[] = TEMPO_ROUTES.map((route) => ({ ...route, refused }));
