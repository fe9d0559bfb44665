import type { Span } from "../model/span";
import { buildTraceTree } from "../trace/tree";

/**
 * What the trace-level intrinsics read: from the spans given, unless the caller knows them from the
 * whole trace (the search evaluates a trace's matching spans only, with its summary row's facts).
 */
export interface TraceFacts {
  rootName: string | undefined;
  rootService: string | undefined;
  durationUs: number;
}

/** The tree relations TraceQL's structural operators ask about, by span index. */
export class TraceIndex {
  readonly spans: Span[];
  readonly parent: Int32Array;
  readonly rootName: string | undefined;
  readonly rootService: string | undefined;
  readonly durationUs: number;
  private readonly index: Map<Span, number>;

  constructor(spans: readonly Span[], facts: TraceFacts | undefined) {
    // The trace page's tree (Zipkin's shared halves, missing parents, parent loops), in pre-order.
    const { rows } = buildTraceTree(spans);
    this.spans = rows.map((row) => row.span);
    this.parent = new Int32Array(rows.length).fill(-1);
    const path: number[] = [];
    rows.forEach((row, i) => {
      path.length = row.depth;
      if (row.depth > 0) this.parent[i] = path[row.depth - 1] as number;
      path.push(i);
    });
    this.index = new Map(this.spans.map((span, i) => [span, i]));
    if (facts) {
      ({ rootName: this.rootName, rootService: this.rootService, durationUs: this.durationUs } = facts);
      return;
    }
    const root = rows.find((row) => row.depth === 0 && row.span.parentSpanId === undefined) ?? rows[0];
    this.rootName = root?.span.name;
    this.rootService = root?.span.serviceName;
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const span of this.spans) {
      start = Math.min(start, span.startUs);
      end = Math.max(end, span.startUs + span.durationUs);
    }
    this.durationUs = this.spans.length > 0 ? end - start : 0;
  }

  parentOf(span: Span): Span | undefined {
    const p = this.parent[this.index.get(span) ?? -1] ?? -1;
    return p >= 0 ? this.spans[p] : undefined;
  }

  private flags(spans: Span[]): Uint8Array {
    const flags = new Uint8Array(this.spans.length);
    for (const span of spans) flags[this.index.get(span) as number] = 1;
    return flags;
  }

  private setOf(flags: Uint8Array): Set<Span> {
    return new Set(this.spans.filter((_, i) => flags[i]));
  }

  /** Whether some proper ancestor of each span is flagged: pre-order puts a parent before its children. */
  private ancestorIn(flags: Uint8Array): Uint8Array {
    const below = new Uint8Array(this.spans.length);
    for (let i = 0; i < this.spans.length; i++) {
      const p = this.parent[i] as number;
      if (p >= 0 && (flags[p] || below[p])) below[i] = 1;
    }
    return below;
  }

  /** Whether some proper descendant of each span is flagged: children come after, so walk backwards. */
  private descendantIn(flags: Uint8Array): Uint8Array {
    const above = new Uint8Array(this.spans.length);
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const p = this.parent[i] as number;
      if (p >= 0 && (flags[i] || above[i])) above[p] = 1;
    }
    return above;
  }

  /**
   * For `{L} op {R}`: the R spans that stand in the relation to some L span, and the L spans that
   * take part (for the union forms). A few passes over the tree, whatever its depth.
   */
  relate(relation: string, left: Span[], right: Span[]): [Set<Span>, Set<Span>] {
    const { spans, parent } = this;
    const inLeft = this.flags(left);
    const inRight = this.flags(right);
    const r = new Uint8Array(spans.length);
    const l = new Uint8Array(spans.length);
    switch (relation) {
      case ">": // R's parent is in L
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (inRight[i] && p >= 0 && inLeft[p]) r[i] = l[p] = 1;
        }
        break;
      case "<": // R is the parent of an L span
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (inLeft[i] && p >= 0 && inRight[p]) r[p] = l[i] = 1;
        }
        break;
      case ">>": {
        const belowLeft = this.ancestorIn(inLeft);
        for (let i = 0; i < spans.length; i++) r[i] = inRight[i] && belowLeft[i] ? 1 : 0;
        const aboveRight = this.descendantIn(r);
        for (let i = 0; i < spans.length; i++) l[i] = inLeft[i] && aboveRight[i] ? 1 : 0;
        break;
      }
      case "<<": {
        const aboveLeft = this.descendantIn(inLeft);
        for (let i = 0; i < spans.length; i++) r[i] = inRight[i] && aboveLeft[i] ? 1 : 0;
        const belowRight = this.ancestorIn(r);
        for (let i = 0; i < spans.length; i++) l[i] = inLeft[i] && belowRight[i] ? 1 : 0;
        break;
      }
      case "~": {
        // R has a sibling (same parent, not itself) in L; roots have none.
        const leftChildren = new Int32Array(spans.length);
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (p >= 0 && inLeft[i]) leftChildren[p] = (leftChildren[p] as number) + 1;
        }
        const rightChildren = new Int32Array(spans.length);
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (inRight[i] && p >= 0 && (leftChildren[p] as number) - (inLeft[i] as number) > 0) {
            r[i] = 1;
            rightChildren[p] = (rightChildren[p] as number) + 1;
          }
        }
        for (let i = 0; i < spans.length; i++) {
          const p = parent[i] as number;
          if (inLeft[i] && p >= 0 && (rightChildren[p] as number) - (r[i] as number) > 0) l[i] = 1;
        }
        break;
      }
    }
    return [this.setOf(r), this.setOf(l)];
  }
}
