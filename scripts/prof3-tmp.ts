import { readdirSync, readFileSync } from "node:fs";
import { generateSpans, toBodies } from "../bench/workload";

const cpu = (pred: (cmd: string) => boolean) => {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!pred(cmd)) continue;
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return total * 10; // ms (100 Hz)
};
const isServer = (c: string) => c.includes("scripts/start.ts");
const isPg = (c: string) => c.startsWith("postgres:");
for (const run of [31, 32]) {
  const bodies = toBodies(generateSpans(run, 100_000, Date.now() * 1000), 1000);
  const s0 = cpu(isServer),
    p0 = cpu(isPg),
    c0 = process.cpuUsage();
  const t = performance.now();
  let next = 0;
  await Promise.all(
    [0, 1, 2, 3].map(async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const r = await fetch("http://127.0.0.1:3400/api/v2/spans", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        if (r.status !== 202) throw new Error(String(r.status));
      }
    }),
  );
  const wall = performance.now() - t;
  const c = process.cpuUsage(c0);
  console.log({
    wall: Math.round(wall),
    serverCpu: cpu(isServer) - s0,
    pgCpu: cpu(isPg) - p0,
    clientCpu: Math.round((c.user + c.system) / 1000),
  });
}
