import type { FieldOp, Place, SpansetOp } from "./ast";

/** An operand or an operator, in the order the query writes them. */
export type Item<Operand, Op> =
  | { operand: Operand }
  | { op: Op; at: Place }
  | { prefix: "!" | "-"; at: Place };

/**
 * Operator precedence parsing (precedence climbing) over items in query order: `precedence` of an operator (higher binds
 * tighter), `rightAssociative` for `^`. Prefix operators apply to the operand after them.
 */
export function associate<Operand, Op>(
  items: Item<Operand, Op>[],
  precedence: (op: Op) => number,
  join: (op: Op, left: Operand, right: Operand, at: Place) => Operand,
  prefix: (op: "!" | "-", operand: Operand, at: Place) => Operand,
  rightAssociative: (op: Op) => boolean = () => false,
): Operand {
  let position = 0;
  const primary = (): Operand => {
    const item = items[position++];
    if (item && "prefix" in item) return prefix(item.prefix, primary(), item.at);
    if (item && "operand" in item) return item.operand;
    throw new Error("TraceQL items out of order");
  };
  const climb = (minimum: number): Operand => {
    let left = primary();
    for (;;) {
      const item = items[position];
      if (!item || !("op" in item) || precedence(item.op) < minimum) return left;
      position++;
      const next = rightAssociative(item.op) ? precedence(item.op) : precedence(item.op) + 1;
      left = join(item.op, left, climb(next), item.at);
    }
  };
  return climb(0);
}

export const SPANSET_PRECEDENCE = (op: SpansetOp | "|"): number =>
  op === "|" ? 1 : op === "&&" || op === "||" ? 2 : 3;

export const FIELD_PRECEDENCE: Record<FieldOp, number> = {
  "||": 1,
  "&&": 2,
  "=": 3,
  "!=": 3,
  ">": 3,
  ">=": 3,
  "<": 3,
  "<=": 3,
  "=~": 3,
  "!~": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  "^": 6,
};
