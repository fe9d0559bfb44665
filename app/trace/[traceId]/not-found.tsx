import Link from "next/link";

export default function TraceNotFound() {
  return (
    <section className="space-y-2">
      <h1 className="text-lg font-semibold">Trace not found</h1>
      <p className="text-sm text-slate-500">
        No spans are stored under this trace id. It may not have arrived yet, or it is past retention.
      </p>
      <Link href="/" className="text-sm text-sky-600 underline">
        Recent traces
      </Link>
    </section>
  );
}
