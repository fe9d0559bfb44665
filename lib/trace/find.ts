import type { Attributes, Span } from "../model/span";
import type { TraceTree } from "./tree";

/**
 * Search within one trace: the rows, in order, whose span has `text` (ignoring case) in its name, its
 * service, its span id, or a key or value of its attributes, resource or events. An empty text
 * matches nothing, so clearing the box clears the highlights.
 */
export function findInTrace(tree: TraceTree, text: string): number[] {
  const needle = text.trim().toLowerCase();
  if (needle === "") return [];
  const matches: number[] = [];
  tree.rows.forEach(({ span }, row) => {
    if (spanMentions(span, needle)) matches.push(row);
  });
  return matches;
}

function spanMentions(span: Span, needle: string): boolean {
  const has = (value: string) => value.toLowerCase().includes(needle);
  return (
    has(span.name) ||
    has(span.serviceName) ||
    span.spanId.startsWith(needle) ||
    attributesMention(span.attributes, has) ||
    attributesMention(span.resource, has) ||
    span.events.some(
      (event) => has(event.name) || (event.attributes && attributesMention(event.attributes, has)),
    )
  );
}

function attributesMention(attributes: Attributes, has: (value: string) => boolean): boolean {
  for (const key in attributes) {
    const value = attributes[key];
    if (has(key) || has(typeof value === "string" ? value : JSON.stringify(value))) return true;
  }
  return false;
}
