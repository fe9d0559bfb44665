import { metrics } from "../observe/metrics";

/**
 * The ingest budget: how many requests, and how many of their bytes (on the wire and decompressed),
 * may be in Tracelight at once. Past it a request is answered "busy" (429 / RESOURCE_EXHAUSTED with
 * a retry delay) at once, instead of being read into memory and waiting its turn: memory then stays
 * near the budget however many senders there are, and latency stays that of the requests admitted.
 * Senders' exporters retry a busy answer after the delay, so a burst is smoothed, not lost.
 *
 * A request takes a slot when it arrives and reserves its bytes as they come (the Content-Length
 * up front when the sender gave one, so a request that cannot fit is turned away before it is read).
 */
export interface AdmissionLimits {
  maxBytes: number;
  maxRequests: number;
}

export interface Ticket {
  /** Adds `bytes` to what this request holds; false when the budget cannot take them (nothing added). */
  reserve(bytes: number): boolean;
  /** Gives the slot and every byte back; later calls do nothing. */
  release(): void;
}

export class Admission {
  private bytes = 0;
  private requests = 0;

  constructor(readonly limits: AdmissionLimits) {}

  /** A slot for one request, or undefined when every slot is taken. */
  admit(): Ticket | undefined {
    if (this.requests >= this.limits.maxRequests) return undefined;
    this.requests++;
    metrics.inflightRequests.set(this.requests);
    let held = 0;
    let released = false;
    return {
      reserve: (bytes) => {
        if (released || this.bytes + bytes > this.limits.maxBytes) return false;
        this.bytes += bytes;
        held += bytes;
        metrics.inflightBytes.set(this.bytes);
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.bytes -= held;
        this.requests--;
        metrics.inflightBytes.set(this.bytes);
        metrics.inflightRequests.set(this.requests);
      },
    };
  }

  get inflight(): { bytes: number; requests: number } {
    return { bytes: this.bytes, requests: this.requests };
  }
}
