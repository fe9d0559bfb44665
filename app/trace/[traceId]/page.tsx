import { notFound } from "next/navigation";
import { TraceView } from "@/components/trace/TraceView";
import { traceExists } from "@/lib/db/traces";
import { normaliseTraceId } from "@/lib/model/ids";

/**
 * A trace: a 404 page for an id that is not stored; otherwise the views, which read the spans from
 * `/api/trace/{id}` in the browser (a 100k-span trace is too large to send as rendered HTML).
 */
export default async function TracePage({ params }: PageProps<"/trace/[traceId]">) {
  const { traceId } = await params;
  const id = normaliseTraceId(traceId);
  if (!id.ok || !(await traceExists(id.id))) notFound();
  return <TraceView traceId={id.id} />;
}
