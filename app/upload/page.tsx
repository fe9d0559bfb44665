import type { Metadata } from "next";
import { connection } from "next/server";
import { TraceUpload } from "@/components/upload/TraceUpload";
import { readConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Upload traces · Tracelight" };

export default async function UploadPage() {
  await connection(); // the running server's body limit, never the one at build time
  const maxBodyBytes = readConfig().TRACELIGHT_MAX_BODY_BYTES;
  return (
    <section className="max-w-3xl space-y-4">
      <h1 className="text-lg font-semibold">Upload traces</h1>
      <TraceUpload maxBodyBytes={maxBodyBytes} />
    </section>
  );
}
