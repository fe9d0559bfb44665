import { seededRandom } from "./seeded-random";

/**
 * A large, deep trace made here, as Zipkin v2 JSON: what the corpus's 957-span SmartThings trace is
 * to the tests that have it, for a clone without the corpus. Eight services, a chain `depth` spans
 * deep (the first `depth` spans, each the first child of the one before), the rest spread by a seeded
 * generator over the upper half of the levels, every child within its parent's time, one an error;
 * a span's service is its level's (each call crosses services, as a SERVER span).
 * The same arguments give the same spans.
 *
 *   gateway GET /install  |=========================================|  2.5 s
 *     chain 1             | |=====================================|
 *       chain 2           |  |===================================|   … down to `depth`
 *     spread children     |     |====|   |=========|    |==|
 */
export interface ZipkinV2Span {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind: "SERVER";
  timestamp: number;
  duration: number;
  localEndpoint: { serviceName: string };
  tags?: Record<string, string>;
}

export const LARGE_TRACE_SERVICES = [
  "gateway",
  "auth",
  "catalog",
  "orders",
  "billing",
  "inventory",
  "search",
  "mailer",
] as const;
const OPERATIONS = ["load-profile", "check-token", "render", "cache-get", "validate", "select-items"];
/** Every 40th spread span, and nothing else, mentions this: the trace search's needle. */
export const LARGE_TRACE_RARE_NAME = "publish-event";
/** The deepest span's name and the attribute it alone carries. */
export const LARGE_TRACE_DEEPEST = { name: "select-by-id", attribute: "db.statement" };

export const LARGE_TRACE_ROOT_US = 2_500_000;

export function largeZipkinTrace(
  traceId: string,
  { spanCount = 600, depth = 30, startUs = Date.now() * 1000 - 60_000_000 } = {},
): ZipkinV2Span[] {
  const random = seededRandom(depth * 7919 + spanCount);
  const spans: ZipkinV2Span[] = [];
  const levels: number[] = [];
  /** The spans the spread may go under: the chain's upper half and the spread itself. */
  const upper: number[] = [];
  const add = (
    parent: number | undefined,
    fields: Omit<ZipkinV2Span, "traceId" | "id" | "kind" | "localEndpoint">,
  ) => {
    const level = parent === undefined ? 0 : (levels[parent] as number) + 1;
    if (level < depth / 2) upper.push(spans.length);
    const serviceName = LARGE_TRACE_SERVICES[level % LARGE_TRACE_SERVICES.length] as string;
    spans.push({
      traceId,
      id: (spans.length + 1).toString(16).padStart(16, "0"),
      ...(parent === undefined ? {} : { parentId: spans[parent]?.id as string }),
      kind: "SERVER",
      localEndpoint: { serviceName },
      ...fields,
    });
    levels.push(level);
  };

  add(undefined, { name: "GET /install", timestamp: startUs, duration: LARGE_TRACE_ROOT_US });
  // The chain: 1 ms in from its parent's start, 2 ms short of its end, so each is its parent's first child.
  for (let level = 1; level < depth; level++) {
    const deepest = level === depth - 1;
    add(level - 1, {
      name: deepest ? LARGE_TRACE_DEEPEST.name : (OPERATIONS[level % OPERATIONS.length] as string),
      timestamp: startUs + level * 1_000,
      duration: LARGE_TRACE_ROOT_US - level * 3_000,
      ...(deepest
        ? { tags: { [LARGE_TRACE_DEEPEST.attribute]: "SELECT * FROM installs WHERE id = ?" } }
        : {}),
    });
  }
  for (let i = depth; i < spanCount; i++) {
    const parent = upper[Math.floor(random() * upper.length)] as number;
    const { timestamp, duration } = spans[parent] as ZipkinV2Span;
    const offsetUs = 2_000 + Math.floor(random() * duration * 0.6);
    const rare = (i - depth) % 40 === 39;
    add(parent, {
      name: rare ? LARGE_TRACE_RARE_NAME : (OPERATIONS[i % OPERATIONS.length] as string),
      timestamp: timestamp + offsetUs,
      // Ending by 80% of the parent: the chain, which ends 2 ms before its parent, is the critical path.
      duration: Math.max(1, Math.floor((random() * (duration - offsetUs)) / 2)),
      ...(i === spanCount - 1 ? { tags: { error: "deadline exceeded" } } : {}),
    });
  }
  return spans;
}
