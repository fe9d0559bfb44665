import { withTimeout } from "./search";

/** Newest traces whose spans are sampled for attribute names and values, as Tempo reads recent blocks. */
const SAMPLED_TRACES = 1_000;

/** Where an attribute is kept: the span's own attributes or its resource's. */
export type AttributeColumn = "attributes" | "resource";

/**
 * The attribute keys on the spans of the newest traces, in `column`, at most `limit`, sorted: what
 * Grafana's TraceQL editor suggests. A sample bounds the read however many spans are stored; a key
 * only older spans hold is still searchable, just not suggested.
 */
export function recentAttributeKeys(
  column: AttributeColumn,
  limit: number,
  timeoutMs: number,
): Promise<string[]> {
  return withTimeout(timeoutMs, async (client) => {
    const { rows } = await client.query<{ key: string }>(
      `SELECT DISTINCT k.key FROM (SELECT trace_id FROM traces ORDER BY start_us DESC LIMIT $1) t
       JOIN spans s ON s.trace_id = t.trace_id,
       jsonb_object_keys(coalesce(s.${column}, '{}'::jsonb)) AS k(key)
       ORDER BY k.key LIMIT $2`,
      [SAMPLED_TRACES, limit],
    );
    return rows.map((row) => row.key);
  });
}

/** A value as Tempo's tag values list it: its TraceQL type (a keyword is an enum's) and its text. */
export interface TypedValue {
  type: "string" | "int" | "float" | "bool" | "keyword";
  value: string;
}

/** The distinct scalar values (a list's elements too) of one attribute on the newest traces' spans. */
export function recentAttributeValues(
  column: AttributeColumn,
  key: string,
  limit: number,
  timeoutMs: number,
): Promise<TypedValue[]> {
  return withTimeout(timeoutMs, async (client) => {
    const { rows } = await client.query<{ value: string | number | boolean }>(
      `SELECT DISTINCT v.value FROM (SELECT trace_id FROM traces ORDER BY start_us DESC LIMIT $1) t
       JOIN spans s ON s.trace_id = t.trace_id,
       jsonb_path_query(coalesce(s.${column}, '{}'::jsonb), $2::jsonpath) AS v(value)
       WHERE jsonb_typeof(v.value) IN ('string', 'number', 'boolean')
       LIMIT $3`,
      [SAMPLED_TRACES, `$.${JSON.stringify(key)}[*]`, limit],
    );
    return rows.map(({ value }) => typedValue(value)).sort((a, b) => a.value.localeCompare(b.value));
  });
}

function typedValue(value: string | number | boolean): TypedValue {
  if (typeof value === "string") return { type: "string", value };
  if (typeof value === "boolean") return { type: "bool", value: String(value) };
  return { type: Number.isInteger(value) ? "int" : "float", value: String(value) };
}
