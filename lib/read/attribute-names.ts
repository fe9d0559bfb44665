import { recentAttributeKeys, recentAttributeValues, type TypedValue } from "../db/attribute-names";

export type { TypedValue } from "../db/attribute-names";

import { listServiceNames } from "../db/traces";
import type { FieldExpr } from "../traceql/ast";
import { INTRINSIC_SPELLINGS } from "../traceql/parse";

/** What Grafana's TraceQL editor suggests: attribute names by scope, and a field's values. */

export type TagScope = "resource" | "span" | "intrinsic";
export const TAG_SCOPES: TagScope[] = ["resource", "span", "intrinsic"];

/** The names in a scope: the intrinsics' every spelling, or the keys on recent spans. */
export async function tagNames(scope: TagScope, limit: number, timeoutMs: number): Promise<string[]> {
  if (scope === "intrinsic") return INTRINSIC_SPELLINGS.slice(0, limit);
  const keys = await recentAttributeKeys(scope === "span" ? "attributes" : "resource", limit, timeoutMs);
  // The service's name is a column, not a resource attribute, in storage; TraceQL names it so.
  return scope === "resource" ? [...new Set(["service.name", ...keys])].sort().slice(0, limit) : keys;
}

/** Keyword values of the enum intrinsics, as Tempo lists them. */
const KEYWORDS: Partial<Record<string, string[]>> = {
  status: ["error", "ok", "unset"],
  kind: ["client", "consumer", "internal", "producer", "server", "unspecified"],
};

/** The values a field holds on recent spans, typed as TraceQL writes them (strings quoted, the rest bare). */
export async function tagValues(field: FieldExpr, limit: number, timeoutMs: number): Promise<TypedValue[]> {
  if (field.kind === "intrinsic") {
    const keywords = KEYWORDS[field.name];
    if (keywords) return keywords.map((value) => ({ type: "keyword" as const, value }));
    if (field.name === "rootService") return asStrings(await listServiceNames(), limit);
    return [];
  }
  if (field.kind !== "attribute" || field.parent) return [];
  if (field.name === "service.name" && field.scope !== "span")
    return asStrings(await listServiceNames(), limit);
  const columns =
    field.scope === "span"
      ? ["attributes"]
      : field.scope === "resource"
        ? ["resource"]
        : ["attributes", "resource"];
  const lists = await Promise.all(
    columns.map((column) =>
      recentAttributeValues(column as "attributes" | "resource", field.name, limit, timeoutMs),
    ),
  );
  const unique = new Map(lists.flat().map((value) => [`${value.type}:${value.value}`, value]));
  return [...unique.values()].slice(0, limit);
}

function asStrings(values: string[], limit: number): TypedValue[] {
  return values.slice(0, limit).map((value) => ({ type: "string", value }));
}
