import { badRequest } from "../errors";
import type { TagFilter } from "./query";

/** Zipkin splits into at most 100 terms; more are refused here rather than folded into the last one. */
export const MAX_ANNOTATION_TERMS = 100;

/**
 * Parses Zipkin's `annotationQuery` ("error and http.method=GET and retried") as Zipkin's
 * QueryRequest does:
 * - terms are separated by " and ", exactly: lower-case with one space each side, so
 *   "error AND retried" is one term, an annotation value with spaces;
 * - `k=v` is a tag, split at the first "=" so the value may hold "=" and spaces; key and value are
 *   trimmed; `k=` (empty value) means the same as a bare `k`;
 * - a bare `k` matches a tag key or an annotation value (a filter without a value);
 * - on a repeated key the last `k=v` wins, and a bare `k` never replaces a `k=v` before it, being
 *   the less specific of the two; the key keeps its first position;
 * - a term with an empty key ("=v", or the empty term of "error and ") is dropped, as Zipkin
 *   ignores it when it writes the query back.
 * Case is kept: Zipkin lower-cases service and span names, never annotation queries.
 */
export function parseAnnotationQuery(text: string): TagFilter[] {
  const terms = text.split(" and ");
  if (terms.length > MAX_ANNOTATION_TERMS) {
    throw badRequest(`annotationQuery: at most ${MAX_ANNOTATION_TERMS} terms, got ${terms.length}`);
  }
  const values = new Map<string, string>();
  for (const term of terms) {
    const equals = term.indexOf("=");
    if (equals === -1) {
      const key = term.trim();
      if (!values.has(key)) values.set(key, "");
    } else {
      values.set(term.slice(0, equals).trim(), term.slice(equals + 1).trim());
    }
  }
  const filters: TagFilter[] = [];
  for (const [key, value] of values) {
    if (key === "") continue;
    filters.push(value === "" ? { key } : { key, value });
  }
  return filters;
}
