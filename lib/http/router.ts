import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import { type Access, type Authorize, OPEN, type Principal } from "../access/access";
import { UNAVAILABLE_RETRY_AFTER_S } from "../collector/outcome";
import { classifyDbError, databaseMessage, isStatementTimeout } from "../db/failures";
import { describeValue, RequestError } from "../errors";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";
import { checkReadableInput } from "./readable-input";

/**
 * The HTTP APIs, ingest and queries, answered in plain Node before Next.js sees the request; Next
 * serves the pages. Next's request handling cost about 10 ms of CPU per ingest request and 2–3 ms
 * per query (its routing, web streams and response wrapping), as much as a whole search of the
 * million-span benchmark; the peers' servers (Zipkin, Jaeger) answer from plain HTTP servers too.
 *
 * Every route answers the same way: a RequestError becomes its status with the route's error body
 * (Tracelight's `{ "error": message }` unless the peer's API defines its own); a database that cannot
 * serve now a 503 with Retry-After, and a value it cannot take a 400 (lib/db/failures.ts); anything
 * else a logged 500 that says no more than it must. Each answer is timed in /metrics by its route's
 * pattern, never by the path sent.
 */
export interface Reply {
  status: number;
  contentType?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface ApiRequest {
  message: IncomingMessage;
  url: URL;
  /** The path's `:name` segments, URL-decoded. */
  params: Record<string, string>;
  /** Who the request is, when its route's access needed it to say (lib/access). */
  principal?: Principal;
}

export interface Route {
  /** PUT for peers whose APIs use it (the Datadog agent's trace endpoints). */
  method: "GET" | "POST" | "PUT";
  /** What a request needs to be let in (lib/access/access.ts); a table's default (withAccess) else. */
  access?: Access;
  /** Literal segments and `:name` parameters, e.g. `/api/services/:service/operations`. */
  path: string;
  handle(request: ApiRequest): Promise<Reply>;
  /** The body of a refusal where the peer's API defines its own shape. */
  refused?(status: number, message: string, request: ApiRequest): Reply;
}

/** The routes of a table, each needing `access` unless it says otherwise itself. */
export function withAccess(access: Access, routes: Route[]): Route[] {
  return routes.map((route) => ({ access, ...route }));
}

export function json(value: unknown, status = 200): Reply {
  return { status, contentType: "application/json", body: JSON.stringify(value) };
}

/**
 * Paths the router owns even when no route matches: an unknown API path is a JSON 404, not a page.
 * Beside Tracelight's, Zipkin's and Jaeger's `/api/`, OTLP's `/v1/` and Tempo's `/tempo/`, the Datadog agent's paths
 * (lib/http/datadog-api.ts): a tracer probing a feature Tracelight lacks gets a short 404, not a page.
 */
const OWNED_PREFIXES = [
  "/api/",
  "/v1/",
  "/v0.",
  "/info",
  "/telemetry/",
  "/evp_proxy/",
  "/dogstatsd/",
  "/debugger/",
  "/profiling/",
  "/metrics",
  "/tempo/",
];
// Smaller answers are sent as they are: compressing them costs more than it saves.
const GZIP_MIN_BYTES = 1400;

const gzip = promisify(gzipCallback);

/** Answers the request and returns true when it is an API path; returns false to let Next serve it. */
export function createRouter(
  routes: Route[],
  authorize: Authorize = OPEN,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  const undeclared = routes.find((route) => route.access === undefined);
  if (undeclared) throw new Error(`route ${undeclared.method} ${undeclared.path} declares no access`);
  const table = routes.map((route) => ({ route, segments: route.path.split("/") }));
  return (message, response) => {
    const url = requestUrl(message);
    if (url === undefined) {
      // Node takes any absolute-form target ("GET http://a:99999/"); a throw here would end the process.
      void send(
        message,
        response,
        json({ error: `cannot read the request target ${describeValue(message.url)}` }, 400),
      );
      return true;
    }
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, "") : url.pathname;
    if (!OWNED_PREFIXES.some((prefix) => owns(prefix, path))) return false;
    const segments = path.split("/");
    const method = message.method === "HEAD" ? "GET" : message.method;
    const matches = table.flatMap(({ route, segments: pattern }) => {
      const params = matchSegments(pattern, segments);
      return params ? [{ route, params }] : [];
    });
    const match = matches.find(({ route }) => route.method === method);
    const timer = metrics.httpDuration.startTimer({ route: match?.route.path ?? "unmatched", method });
    response.once("finish", () => timer({ status: String(response.statusCode) }));
    if (match) {
      void answer(match.route, { message, url, params: match.params }, authorize).then((reply) =>
        send(message, response, reply),
      );
    } else {
      const allowed = matches.map(({ route }) => route.method);
      const reply =
        allowed.length > 0
          ? json({ error: `${message.method} is not allowed on ${path}: use ${allowed.join(" or ")}` }, 405)
          : json({ error: `no API at ${path}` }, 404);
      void send(message, response, reply, allowed.length > 0 ? { allow: allowed.join(", ") } : {});
    }
    return true;
  };
}

/** The request's URL; undefined when its target is no URL. */
export function requestUrl(message: IncomingMessage): URL | undefined {
  try {
    return new URL(message.url ?? "/", "http://localhost");
  } catch {
    return undefined;
  }
}

/** A prefix ending in "/" or "." owns the paths below it; any other owns itself and what is below it. */
function owns(prefix: string, path: string): boolean {
  if (prefix.endsWith("/") || prefix.endsWith(".")) return path.startsWith(prefix);
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * The path's parameters when `segments` fits the route's `pattern`; undefined when it does not. A
 * parameter that is not valid URL encoding is kept as sent: a read refuses it, naming it
 * (lib/http/readable-input.ts), and a write's handler names it if it reads it.
 */
function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, expected] of pattern.entries()) {
    const actual = segments[i] as string;
    if (expected.startsWith(":")) {
      if (actual === "") return undefined;
      params[expected.slice(1)] = decodeSegment(actual);
    } else if (expected !== actual) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function answer(route: Route, request: ApiRequest, authorize: Authorize): Promise<Reply> {
  try {
    const decision = await authorize(request.message, route.access as Access);
    if (!decision.ok) {
      const reply = route.refused
        ? route.refused(decision.status, decision.message, request)
        : json({ error: decision.message }, decision.status);
      return { ...reply, headers: { ...reply.headers, ...decision.headers } };
    }
    if (decision.principal) request.principal = decision.principal;
    if (route.method === "GET") checkReadableInput(route, request.url);
    return await route.handle(request);
  } catch (error) {
    const { status, text } = refusal(error, route);
    const reply = route.refused ? route.refused(status, text, request) : json({ error: text }, status);
    if (status === 429 || status === 503) {
      reply.headers = { ...reply.headers, "retry-after": String(UNAVAILABLE_RETRY_AFTER_S) };
    }
    return reply;
  }
}

function refusal(error: unknown, route: Route): { status: number; text: string } {
  if (error instanceof RequestError) return { status: error.status, text: error.message };
  const failure = classifyDbError(error);
  if (isStatementTimeout(error)) {
    return {
      status: 503,
      text: "the read took longer than TRACELIGHT_QUERY_TIMEOUT allows: narrow it, or retry when the database is less busy",
    };
  }
  if (failure === "unavailable") return { status: 503, text: "the database is unavailable; retry later" };
  if (failure === "invalid") {
    // A value the database refused got past the route's parsers, which should learn to name it.
    const reason = databaseMessage(error);
    log.warn({ route: route.path, err: reason }, "a request's value reached the database unchecked");
    return { status: 400, text: `a parameter holds a value the database cannot take: ${reason}` };
  }
  log.error({ err: error, route: route.path }, "request failed");
  return { status: 500, text: "internal error; see the server log" };
}

async function send(
  message: IncomingMessage,
  response: ServerResponse,
  { status, contentType, body, headers: replyHeaders }: Reply,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  // Read and drop what is left of a refused body (a 413 stops reading early): a client still
  // uploading would otherwise see its connection reset instead of this answer.
  if (status >= 400) message.resume();
  const headers: Record<string, string> = { ...extraHeaders, ...replyHeaders };
  if (contentType) headers["content-type"] = contentType;
  let payload = body;
  if (payload !== undefined && payload.length >= GZIP_MIN_BYTES && acceptsGzip(message)) {
    // zlib's asynchronous gzip runs on libuv's thread pool, off the event loop.
    payload = await gzip(payload);
    headers["content-encoding"] = "gzip";
    // Beside what the browser guard's answer varies on (Origin).
    headers.vary = [response.getHeader("vary"), "accept-encoding"].filter(Boolean).join(", ");
  }
  response.writeHead(status, headers);
  response.end(payload);
}

function acceptsGzip(message: IncomingMessage): boolean {
  return /\bgzip\b/i.test(message.headers["accept-encoding"] ?? "");
}
