import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { SummaryRows } from "../db/span-batch";
import type { DecodeTask } from "./decode-worker";
import { type Prepared, type PrepareRequest, prepare, summariesOf } from "./prepare";

/**
 * Where bodies are decoded. JSON.parse of a 16 MB body holds the event loop for ~150 ms, and
 * building its rows as long again; meanwhile no health check, search or small request is answered.
 * So a body larger than `inlineMaxBytes` is prepared on a worker thread (piscina), and only strings
 * and bytes come back; a small one is prepared inline, where a thread hop would cost more than the
 * work (a 128 KB body is ~2 ms).
 *
 * Workers are few (one core is left to the event loop, PostgreSQL's client and the pages) and each
 * has a heap limit; the admission budget (admission.ts) bounds how much waits for them.
 */
export interface DecodePool {
  prepare(request: PrepareRequest): Promise<Prepared>;
  summariesOf(request: PrepareRequest, keys: string[]): Promise<SummaryRows>;
  close(): Promise<void>;
}

export interface DecodePoolOptions {
  threads: number;
  inlineMaxBytes: number;
  /** Each worker's old-generation heap; a body that needs more is refused as too large. */
  workerHeapMb: number;
}

export const DEFAULT_DECODE_POOL: DecodePoolOptions = {
  threads: Math.max(1, Math.min(4, availableParallelism() - 1)),
  inlineMaxBytes: 128 * 1024,
  workerHeapMb: 768,
};

const WORKER = new URL("./decode-worker.ts", import.meta.url);

export function createDecodePool(options: DecodePoolOptions = DEFAULT_DECODE_POOL): DecodePool {
  const pool = new Piscina<DecodeTask, Prepared | SummaryRows>({
    filename: WORKER.href,
    minThreads: 1,
    maxThreads: options.threads,
    // The worker is TypeScript: it loads through tsx, whatever loaded this module (node --import
    // tsx for `npm start`, Vitest in tests). Only that flag: the process's V8 flags are not a
    // worker's to take.
    execArgv: ["--import", "tsx"],
    resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb },
  });
  const inline = (request: PrepareRequest) => request.body.byteLength <= options.inlineMaxBytes;
  return {
    prepare: async (request) => {
      if (inline(request)) return prepare(request);
      try {
        return (await pool.run({ kind: "prepare", request })) as Prepared;
      } catch (error) {
        if ((error as { code?: string }).code !== "ERR_WORKER_OUT_OF_MEMORY") throw error;
        return {
          ok: false,
          status: 413,
          message: `the body's spans need more than the decoder's ${options.workerHeapMb} MB: send fewer spans per request`,
        };
      }
    },
    summariesOf: async (request, keys) =>
      inline(request)
        ? summariesOf(request, keys)
        : ((await pool.run({ kind: "summaries", request, keys })) as SummaryRows),
    // Lets the tasks already running finish: their requests are still waiting for an answer.
    close: () => pool.close(),
  };
}
