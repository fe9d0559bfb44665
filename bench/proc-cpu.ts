import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU seconds spent by processes, read from /proc (Linux only), for the capacity benchmark: how much
 * of a core the Node server and the PostgreSQL backends of one database use while ingesting, whatever
 * else shares the machine. A process's utime + stime in /proc/<pid>/stat covers all its threads (the
 * decode workers included).
 */

// The kernel's clock tick: 100 on every Linux this runs on (`getconf CLK_TCK`).
const TICKS_PER_S = 100;

/** CPU seconds of one process, or undefined once it has exited. */
export function processCpuS(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** The pids whose command line holds every one of `parts` (e.g. PostgreSQL's ps display). */
export function pidsMatching(parts: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue;
    }
    if (parts.every((part) => cmdline.includes(part))) pids.push(Number(entry));
  }
  return pids;
}

/**
 * CPU seconds a changing set of processes used between `start()` and the last `sample()`: sampled
 * often, so a backend that exits loses at most one interval, and one that starts counts from zero.
 */
export class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pids: () => number[]) {}

  start(intervalMs = 200): void {
    for (const pid of this.pids()) {
      const cpu = processCpuS(pid);
      if (cpu !== undefined) this.first.set(pid, cpu);
    }
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): void {
    for (const pid of this.pids()) {
      const cpu = processCpuS(pid);
      if (cpu === undefined) continue;
      if (!this.first.has(pid)) this.first.set(pid, 0);
      this.last.set(pid, cpu);
    }
  }

  /** Stops sampling and returns the CPU seconds used since start. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    let total = 0;
    for (const [pid, cpu] of this.last) total += cpu - (this.first.get(pid) ?? 0);
    return total;
  }
}
