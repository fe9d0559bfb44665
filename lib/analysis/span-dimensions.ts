import { type Attributes, attributeText, SPAN_KINDS, type Span, STATUS_CODES } from "../model/span";
import type { TraceTree } from "../trace/tree";

/**
 * What the trace statistics group spans by, as the URL writes it (`?group=`, `?subgroup=`): one of the
 * span's own fields, or `tag:<key>`, an attribute key looked up in the span's attributes, then in its
 * resource (Jaeger's process tags), as Jaeger UI's trace statistics offer both.
 */
export type SpanDimension = "service" | "operation" | "kind" | "status" | `tag:${string}`;

export const FIELD_DIMENSIONS = ["service", "operation", "kind", "status"] as const;

const FIELD_NAMES: Record<(typeof FIELD_DIMENSIONS)[number], string> = {
  service: "Service",
  operation: "Operation",
  kind: "Kind",
  status: "Status",
};

const TAG = "tag:";

/** The dimension a URL names, or undefined for anything else (an unknown word, `tag:` with no key). */
export function parseDimension(text: string | null): SpanDimension | undefined {
  if (text === null) return undefined;
  if ((FIELD_DIMENSIONS as readonly string[]).includes(text)) return text as SpanDimension;
  return text.startsWith(TAG) && text.length > TAG.length ? (text as SpanDimension) : undefined;
}

/** The attribute key of a `tag:` dimension; undefined for a span field. */
export function tagKey(dimension: SpanDimension): string | undefined {
  return dimension.startsWith(TAG) ? dimension.slice(TAG.length) : undefined;
}

const KIND_TEXT = Object.fromEntries(SPAN_KINDS.map((kind) => [kind, kind.toLowerCase()]));
const STATUS_TEXT = Object.fromEntries(STATUS_CODES.map((code) => [code, code.toLowerCase()]));

/** A dimension as a heading reads it: "Service", or a tag's key. */
export function dimensionName(dimension: SpanDimension): string {
  return tagKey(dimension) ?? FIELD_NAMES[dimension as keyof typeof FIELD_NAMES];
}

/**
 * How to read a dimension's value from a span: its text, or undefined when the span has no such
 * attribute. Kind and status read as the span details show them, in lower case.
 */
export function dimensionReader(dimension: SpanDimension): (span: Span) => string | undefined {
  switch (dimension) {
    case "service":
      return (span) => span.serviceName;
    case "operation":
      return (span) => span.name;
    case "kind":
      return (span) => KIND_TEXT[span.kind];
    case "status":
      return (span) => STATUS_TEXT[span.status.code];
  }
  const key = tagKey(dimension) as string;
  const read = (attributes: Attributes) => {
    const value = attributes[key];
    return value === undefined ? undefined : attributeText(value);
  };
  // Attributes are plain objects: only a key such as "constructor" could find an inherited value,
  // so only such a key pays for asking whether the value is the object's own.
  if (!(key in Object.prototype)) return (span) => read(span.attributes) ?? read(span.resource);
  const own = (attributes: Attributes) => (Object.hasOwn(attributes, key) ? read(attributes) : undefined);
  return (span) => own(span.attributes) ?? own(span.resource);
}

/** How many attribute keys a trace offers to group by: a select of thousands helps no one. */
export const MAX_OFFERED_KEYS = 200;

/**
 * The attribute and resource keys present in a trace, in code-unit order: the ones carried by the
 * most spans when there are more than `limit`. O(attributes).
 */
export function traceAttributeKeys(tree: TraceTree, limit = MAX_OFFERED_KEYS): string[] {
  const spansWith = new Map<string, number>();
  const count = (key: string) => spansWith.set(key, (spansWith.get(key) ?? 0) + 1);
  for (const { span } of tree.rows) {
    for (const key of Object.keys(span.attributes)) count(key);
    for (const key of Object.keys(span.resource)) if (!Object.hasOwn(span.attributes, key)) count(key);
  }
  let keys = [...spansWith.keys()];
  if (keys.length > limit) {
    keys = keys.sort((a, b) => (spansWith.get(b) as number) - (spansWith.get(a) as number)).slice(0, limit);
  }
  return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
