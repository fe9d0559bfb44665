import { notFound } from "next/navigation";
import { SpanTree } from "@/components/SpanTree";
import { TraceHeader } from "@/components/TraceHeader";
import { getTraceSpans } from "@/lib/db/traces";
import { normaliseTraceId } from "@/lib/model/ids";
import { summariseTrace } from "@/lib/trace/summary";
import { buildTraceTree } from "@/lib/trace/tree";

export default async function TracePage({ params }: PageProps<"/trace/[traceId]">) {
  const { traceId } = await params;
  const id = normaliseTraceId(traceId);
  if (!id.ok) notFound();
  const spans = await getTraceSpans(id.id);
  if (spans.length === 0) notFound();
  const tree = buildTraceTree(spans);
  const stats = summariseTrace(tree);
  return (
    <section className="space-y-4">
      <TraceHeader traceId={id.id} tree={tree} stats={stats} />
      <SpanTree tree={tree} startUs={stats.startUs} durationUs={stats.durationUs} />
    </section>
  );
}
