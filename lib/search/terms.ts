import { type Attributes, type AttributeValue, attributeText, type Span } from "../model/span";
import type { TagFilter } from "./query";

/**
 * The search terms of a span: every tag key, and `key=value` for every tag, from every place a query
 * may find it (span attributes, resource, event attributes, scope attributes, link attributes),
 * plus each event's name, which Zipkin's annotationQuery matches as a bare term, and `error` and
 * `error=true` for a span whose status is ERROR however its format said so (an OTLP status, a Zipkin
 * or Jaeger `error` tag), which is what both peers' UIs search for. Stored per span in
 * `spans.search_terms` under a GIN index, so a query whose tags are spread over those places on one
 * span is one array containment: `search_terms @> {terms}`.
 *
 * A `key=value` longer than MAX_TERM_LENGTH is not stored (long SQL statements and URLs would bloat
 * the index); such a value is still found, by its key's term and a recheck of the JSON. Bare keys
 * and event names are at most MAX_KEY_LENGTH characters, cut at the door (lib/ingest/door/span-bounds.ts):
 * every term stays well inside PostgreSQL's limit on one GIN entry (2,712 bytes).
 */
export const MAX_TERM_LENGTH = 256;

export function searchTerms(span: Span): string[] {
  const terms = new Set<string>();
  if (span.status.code === "ERROR") terms.add("error").add("error=true");
  addAttributes(terms, span.attributes);
  for (const key in span.resource) if (key !== "service.name") addAttribute(terms, key, span.resource[key]);
  for (const event of span.events) {
    if (event.name !== "") terms.add(event.name);
    if (event.attributes) addAttributes(terms, event.attributes);
  }
  if (span.scope?.attributes) addAttributes(terms, span.scope.attributes);
  for (const link of span.links) if (link.attributes) addAttributes(terms, link.attributes);
  return [...terms];
}

/** The term a tag filter looks for, or undefined when it is too long to be stored as one. */
export function filterTerm({ key, value }: TagFilter): string | undefined {
  if (value === undefined) return key;
  const term = `${key}=${value}`;
  return term.length <= MAX_TERM_LENGTH ? term : undefined;
}

/**
 * The distinct values the spans hold for the autocomplete keys (Zipkin's `autocompleteValues`), from
 * span attributes and resource, written as a search matches them, so a suggested value finds its
 * spans. Values too long to be a search term are left out, as are keys not configured: Zipkin
 * collects values only for the keys it is told to, since most keys' values are ids.
 */
export function autocompleteValues(spans: Span[], keys: ReadonlySet<string>): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  const add = (key: string, value: AttributeValue | undefined) => {
    if (value === undefined || !keys.has(key)) return;
    const text = attributeText(value);
    if (text === "" || key.length + text.length + 1 > MAX_TERM_LENGTH) return;
    pairs.set(`${key}=${text}`, [key, text]);
  };
  for (const span of spans) {
    for (const key in span.attributes) add(key, span.attributes[key]);
    for (const key in span.resource) add(key, span.resource[key]);
  }
  return [...pairs.values()];
}

function addAttributes(terms: Set<string>, attributes: Attributes): void {
  for (const key in attributes) addAttribute(terms, key, attributes[key] as AttributeValue);
}

function addAttribute(terms: Set<string>, key: string, value: AttributeValue | undefined): void {
  terms.add(key);
  if (value === undefined) return;
  addTerm(terms, `${key}=${attributeText(value)}`);
  // Each element of a list too, so that TraceQL's `span.tags = "b"` finds a list holding "b"; past
  // the first few, one term marks the list as long, for the search to read such spans whole.
  if (Array.isArray(value)) {
    value.slice(0, LIST_ELEMENT_TERMS).forEach((element) => {
      if (typeof element !== "object") addTerm(terms, `${key}=${String(element)}`);
    });
    if (value.length > LIST_ELEMENT_TERMS) terms.add(longListTerm(key));
  }
}

/** How many elements of a list attribute are terms of their own: a span has at most 1,024 lists. */
export const LIST_ELEMENT_TERMS = 16;

/** The term of a list attribute longer than LIST_ELEMENT_TERMS, whose later elements have none. */
export function longListTerm(key: string): string {
  return `${key}=[…]`;
}

function addTerm(terms: Set<string>, term: string): void {
  if (term.length <= MAX_TERM_LENGTH) terms.add(term);
}
