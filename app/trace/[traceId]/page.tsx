import { notFound } from "next/navigation";
import { TraceView } from "@/components/trace/TraceView";
import { normaliseTraceId } from "@/lib/model/ids";
import { isTraceStored } from "@/lib/read/traces";

/**
 * A trace: a 404 page for an id that is not stored; otherwise the views, which read the spans from
 * `/api/trace/{id}` in the browser (a 100k-span trace is too large to send as rendered HTML).
 */
export default async function TracePage({ params }: PageProps<"/trace/[traceId]">) {
  const { traceId } = await params;
  const id = normaliseTraceId(traceId);
  if (!id.ok || !(await isTraceStored(id.id))) notFound();
  return <TraceView traceId={id.id} />;
}
