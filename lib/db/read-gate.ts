import { RequestError } from "../errors";

/**
 * A bound on reads that hold a lot in memory at once (whole traces: up to TRACELIGHT_MAX_TRACE_SPANS
 * spans each, their rows and then their JSON). At most `concurrent` run; up to `waiting` more wait
 * their turn in order; past that a read is turned away with a 503 and Retry-After rather than queued
 * without end. Ten concurrent reads of a 230k-span trace once took 41 s and 3.1 GB; through this gate
 * they take their turns and memory holds `concurrent` of them.
 */
export class ReadGate {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly concurrent: number,
    private readonly waiting: number,
  ) {}

  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrent) {
      if (this.queue.length >= this.waiting) {
        throw new RequestError(
          503,
          `too many large reads at once (TRACELIGHT_MAX_TRACE_READS is ${this.concurrent}, ${this.waiting} waiting); retry shortly`,
        );
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.running++;
    try {
      return await read();
    } finally {
      // The slot passes straight to the next waiting read, or is given back.
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
