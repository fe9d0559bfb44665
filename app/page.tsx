import { connection } from "next/server";
import { RecentTraces } from "@/components/RecentTraces";
import { listRecentTraces } from "@/lib/db/traces";

export default async function HomePage() {
  await connection(); // always the latest traces, never a build-time snapshot
  const traces = await listRecentTraces(50);
  return (
    <section className="space-y-3">
      <h1 className="text-lg font-semibold">Recent traces</h1>
      <RecentTraces traces={traces} nowUs={Date.now() * 1000} />
    </section>
  );
}
