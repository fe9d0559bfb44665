/**
 * A TraceQL query as Tracelight runs it: the tree `parse.ts` builds from Grafana's own grammar, with
 * Tempo's precedence and every name resolved (old spellings of intrinsics, quoted attribute names,
 * literals as values). Positions (`from`, `to`: offsets into the query text) are kept where an error
 * found later (an unsupported field, a type that cannot compare) must still point at its place.
 */

/** Where a node stands in the query text. */
export interface Place {
  from: number;
  to: number;
}

export type StatusValue = "ok" | "error" | "unset";
export type KindValue = "unspecified" | "internal" | "server" | "client" | "producer" | "consumer";

/** A literal. Durations are microseconds, Tracelight's unit (a nanosecond is 0.001). */
export type Static =
  | { type: "string"; value: string }
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "duration"; us: number }
  | { type: "bool"; value: boolean }
  | { type: "nil" }
  | { type: "status"; value: StatusValue }
  | { type: "kind"; value: KindValue };

/**
 * The intrinsics, by one name each: `span:name` and `name` are both "name", `trace:rootService` and
 * `rootServiceName` both "rootService".
 */
export const INTRINSICS = [
  "name",
  "status",
  "statusMessage",
  "kind",
  "duration",
  "spanID",
  "parentID",
  "traceID",
  "rootName",
  "rootService",
  "traceDuration",
  "eventName",
  "instrumentationName",
  "instrumentationVersion",
] as const;
export type Intrinsic = (typeof INTRINSICS)[number];

/** Where an attribute is looked up; `any` is the unscoped `.name`: the span's, else the resource's. */
export type AttributeScope = "span" | "resource" | "any" | "event" | "link" | "instrumentation";

export type FieldOp =
  | "="
  | "!="
  | ">"
  | ">="
  | "<"
  | "<="
  | "=~"
  | "!~"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "&&"
  | "||";

/** What is inside `{ … }`, evaluated on one span at a time. */
export type FieldExpr = Place &
  (
    | { kind: "static"; value: Static }
    | { kind: "intrinsic"; name: Intrinsic }
    /** `parent` marks `parent.…`: the attribute of the span's parent. */
    | { kind: "attribute"; scope: AttributeScope; name: string; parent: boolean }
    | { kind: "binary"; op: FieldOp; left: FieldExpr; right: FieldExpr }
    | { kind: "not"; operand: FieldExpr }
    | { kind: "negate"; operand: FieldExpr }
  );

export type Comparison = "=" | "!=" | ">" | ">=" | "<" | "<=";
export type AggregateName = "count" | "avg" | "min" | "max" | "sum";

/** One side of `| count() > 3`: an aggregate over a spanset, or a number or duration. */
export type ScalarExpr = Place &
  (
    | { kind: "aggregate"; name: AggregateName; field?: FieldExpr }
    | { kind: "number"; value: number }
    | { kind: "duration"; us: number }
  );

/** A stage after `|`, applied to each spanset the stages before it left. */
export type Stage = Place &
  (
    | { kind: "filter"; filter: FieldExpr | undefined }
    | { kind: "scalar"; left: ScalarExpr; op: Comparison; right: ScalarExpr }
    | { kind: "by"; field: FieldExpr }
    | { kind: "select"; fields: FieldExpr[] }
    | { kind: "coalesce" }
  );

/** Between two spansets: `&&` and `||` join them; the rest relate their spans by the tree. */
export const SPANSET_OPS = [
  "&&",
  "||",
  ">",
  ">>",
  "<",
  "<<",
  "~",
  "!>",
  "!>>",
  "!<",
  "!<<",
  "!~",
  "&>",
  "&>>",
  "&<",
  "&<<",
  "&~",
] as const;
export type SpansetOp = (typeof SPANSET_OPS)[number];

/** A spanset expression: `{ … }` (an empty filter selects every span), two joined, or a pipeline. */
export type SpansetExpr = Place &
  (
    | { kind: "filter"; filter: FieldExpr | undefined }
    | { kind: "spansetOp"; op: SpansetOp; left: SpansetExpr; right: SpansetExpr }
    | { kind: "pipeline"; input: SpansetExpr; stages: Stage[] }
  );

export interface Query {
  root: SpansetExpr;
  /** `with (most_recent=true)`: the newest traces first, which is how Tracelight always answers. */
  mostRecent: boolean;
}
