import { createRequire } from "node:module";
import { followsFrom, type Span, Tags, type Tracer } from "opentracing";

/**
 * Jaeger Thrift bodies made by jaeger-client itself: its real tracer, its RemoteReporter (which turns
 * each finished span into Thrift with the client's own `ThriftUtils.spanToThrift`) and a sender that
 * builds and encodes the `Batch` exactly as the client's HTTPSender does (thriftrw, the client's
 * bundled jaeger.thrift), but hands the body back instead of POSTing it.
 */
const require = createRequire(import.meta.url);

// jaeger-client's internals ship no type declarations; these are the parts used here.
interface ThriftRw {
  Batch: new (batch: { process: unknown; spans: unknown[] }) => { spans: unknown[] };
  Span: new (span: unknown) => unknown;
}
interface BatchRw {
  Batch: { rw: { toBuffer(batch: unknown): { err: Error | null; value: Buffer } } };
}
const { Thrift } = require("thriftrw") as {
  Thrift: new (options: { source: string; allowOptionalArguments: boolean }) => ThriftRw & BatchRw;
};
const ThriftUtils = require("jaeger-client/dist/src/thrift.js").default as {
  loadJaegerThriftDefinition(): string;
};
const SenderUtils = require("jaeger-client/dist/src/reporters/sender_utils.js").default as {
  convertProcessToThrift(thrift: ThriftRw, process: unknown): unknown;
};
/** jaeger-client's Tracer and reporting parts, which @types/jaeger-client does not declare. */
export const jaegerClient = require("jaeger-client") as {
  Tracer: new (
    serviceName: string,
    reporter: unknown,
    sampler: unknown,
    options: { tags?: Record<string, unknown>; traceId128bit?: boolean },
  ) => Tracer & { close(callback: () => void): void };
  RemoteReporter: new (sender: unknown) => unknown;
  ConstSampler: new (decision: boolean) => unknown;
};

type Callback = (numSpans: number, error?: string) => void;

let jaegerThrift: (ThriftRw & BatchRw) | undefined;
const loadJaegerThrift = () =>
  new Thrift({ source: ThriftUtils.loadJaegerThriftDefinition(), allowOptionalArguments: true });

/**
 * Any `jaeger.Batch`, for the cases a tracer would not produce by itself: enums by name ("STRING",
 * "FOLLOWS_FROM"), i64s as numbers or as 16 hex digits of their two's-complement bits (turned into
 * the 8-byte Buffers jaeger-client passes: thriftrw's own hex form overflows past 0x7fffffff).
 */
export function encodeJaegerBatch(batch: unknown): Buffer {
  jaegerThrift ??= loadJaegerThrift();
  const { err, value } = jaegerThrift.Batch.rw.toBuffer(hexToBuffers(batch));
  if (err) throw err;
  return value;
}

/** jaeger-client's Sender interface, as HTTPSender implements it, minus the HTTP. */
const I64_HEX = /^[0-9a-f]{16}$/;

function hexToBuffers(value: unknown): unknown {
  if (typeof value === "string") return I64_HEX.test(value) ? Buffer.from(value, "hex") : value;
  if (Array.isArray(value)) return value.map(hexToBuffers);
  if (typeof value !== "object" || value === null || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, hexToBuffers(field)]));
}

class CapturingSender {
  readonly bodies: Buffer[] = [];
  private readonly thrift = loadJaegerThrift();
  private batch: { spans: unknown[] } | undefined;
  private process: unknown;

  setProcess(process: unknown): void {
    this.process = process;
    this.batch = new this.thrift.Batch({
      process: SenderUtils.convertProcessToThrift(this.thrift, process),
      spans: [],
    });
  }

  append(span: unknown, callback?: Callback): void {
    this.batch?.spans.push(new this.thrift.Span(span));
    callback?.(0);
  }

  flush(callback?: Callback): void {
    const batch = this.batch;
    if (batch === undefined || batch.spans.length === 0) {
      callback?.(0);
      return;
    }
    const { err, value } = this.thrift.Batch.rw.toBuffer(batch);
    if (err) throw err;
    this.bodies.push(value);
    this.setProcess(this.process);
    callback?.(batch.spans.length);
  }

  close(): void {}
}

/**
 * Runs `record` against a jaeger-client tracer for `serviceName` that samples everything, and returns
 * the Thrift bodies its reporter would have POSTed to a collector's `/api/traces`.
 */
export async function recordWithJaegerClient(
  serviceName: string,
  tags: Record<string, unknown>,
  record: (tracer: Tracer) => void,
): Promise<Buffer[]> {
  const sender = new CapturingSender();
  const reporter = new jaegerClient.RemoteReporter(sender);
  const tracer = new jaegerClient.Tracer(serviceName, reporter, new jaegerClient.ConstSampler(true), {
    tags,
    traceId128bit: true,
  });
  record(tracer);
  await new Promise<void>((resolve) => tracer.close(resolve));
  return sender.bodies;
}

/** The spans of `recordStock`, to read their ids back from jaeger-client's contexts. */
export interface StockSpans {
  root: Span;
  lookup: Span;
  refill: Span;
}

/**
 * The stock check both Jaeger decoders' jaeger-client tests record: a SERVER root that answered 503,
 * a cache lookup with a peer service and two logs (one without an event name), and a refill that
 * FOLLOWS_FROM the lookup. Fractional milliseconds, as jaeger-client takes them.
 */
export function recordStock(tracer: Tracer): StockSpans {
  const root = tracer.startSpan("GET /stock", {
    startTime: 1_700_000_000_000.5,
    tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER, "http.status_code": 503, "stock.ratio": 0.25 },
  });
  const lookup = tracer.startSpan("cache lookup", { childOf: root, startTime: 1_700_000_000_010 });
  lookup.setTag("cache.hit", false);
  lookup.setTag(Tags.PEER_SERVICE, "redis");
  lookup.log({ event: "cache miss", key: "sku-1" }, 1_700_000_000_011.25);
  lookup.log({ retries: 2 }, 1_700_000_000_012);
  lookup.finish(1_700_000_000_020);
  const refill = tracer.startSpan("schedule refill", {
    references: [followsFrom(lookup.context())],
    startTime: 1_700_000_000_030,
  });
  refill.finish(1_700_000_000_031);
  root.finish(1_700_000_000_100.25);
  return { root, lookup, refill };
}
