"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useAttributeDiffQuery } from "@/components/queries/useAttributeDiffQuery";
import { AttributeDiffPanel } from "@/components/shared/AttributeDiffPanel";
import {
  type SlowTail,
  slowTailApiQuery,
  slowTailFilterHref,
  slowTailPageQuery,
} from "@/lib/services/slow-tail";
import type { GraphWindow } from "@/lib/time/window";

/** An operation's "What's in the slow tail?": its spans above its p95, kept in the page's URL. */
export function SlowTailLink({ pageQuery, tail }: { pageQuery: string; tail: SlowTail }) {
  return (
    <Link
      href={`/services?${slowTailPageQuery(pageQuery, tail)}`}
      scroll={false}
      className="text-xs text-sky-700 hover:underline dark:text-sky-400"
      data-testid="slow-tail-link"
    >
      What’s in the slow tail?
    </Link>
  );
}

/** The attribute diff of an operation's spans above its p95 against its others, under its row. */
export function SlowTailPanel({
  pageQuery,
  tail,
  range,
}: {
  pageQuery: string;
  tail: SlowTail;
  range: GraphWindow;
}) {
  const router = useRouter();
  const diff = useAttributeDiffQuery(slowTailApiQuery(tail, range));
  return (
    <AttributeDiffPanel
      selection={{ kind: "slowerThan", durationUs: tail.slowerThanUs }}
      diff={diff}
      filterHref={(tag) => slowTailFilterHref(tail, range, tag)}
      onClose={() => router.push(`/services?${slowTailPageQuery(pageQuery, undefined)}`, { scroll: false })}
    />
  );
}
