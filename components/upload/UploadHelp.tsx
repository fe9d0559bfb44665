import { CopyButton } from "@/components/shared/CopyButton";
import { formatBytes } from "@/lib/format/bytes";

const CURL = "curl -X POST -H 'Content-Type: application/json' --data-binary @trace.json";

/** What the upload page takes, and the same upload from a shell. */
export function UploadHelp({ maxBodyBytes }: { maxBodyBytes: number }) {
  return (
    <section aria-labelledby="upload-help" className="space-y-2 text-sm text-slate-600 dark:text-slate-400">
      <h2 id="upload-help" className="font-semibold text-slate-900 dark:text-slate-100">
        What to upload
      </h2>
      <p>
        A trace file as one JSON document or as JSON lines (one document a line), up to{" "}
        {formatBytes(maxBodyBytes)}. The format is recognised from the contents, whatever the file is called:
      </p>
      <ul className="list-disc space-y-0.5 pl-5">
        <li>
          Jaeger JSON, as Jaeger UI&apos;s &ldquo;Download JSON&rdquo; saves it or its{" "}
          <code>/api/traces</code> answers;
        </li>
        <li>
          Zipkin v1 or v2 JSON, as Zipkin&apos;s UI downloads it or <code>/api/v2/trace/&#123;id&#125;</code>{" "}
          answers;
        </li>
        <li>OTLP JSON, such as an OpenTelemetry Collector&apos;s file exporter writes.</li>
      </ul>
      <p>
        A file is stored whole or refused whole, with the reason naming the span and field at fault. Every
        trace page&apos;s JSON tab downloads a file this page reads back.
      </p>
      <p>The same from a shell:</p>
      <div className="flex items-start gap-2">
        <pre className="min-w-0 overflow-x-auto rounded bg-slate-100 px-2 py-1 text-xs text-slate-800 dark:bg-slate-900 dark:text-slate-200">
          <code>{CURL} http://&lt;host&gt;/api/upload</code>
        </pre>
        <CopyButton text={() => `${CURL} ${window.location.origin}/api/upload`} label="copy command" />
      </div>
    </section>
  );
}
