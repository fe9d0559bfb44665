import type { IncomingMessage } from "node:http";
import { createGunzip, createInflate } from "node:zlib";
import type { Ticket } from "../collector/admission";
import { RequestError } from "../errors";
import { metrics } from "../observe/metrics";

/**
 * Reads an ingest request's body whole, undoing gzip or deflate, under two bounds:
 * - `limitBytes` (TRACELIGHT_MAX_BODY_BYTES), counted on the wire and after decompression, so a small
 *   gzip bomb cannot become a large allocation: past it, a 413;
 * - the admission ticket (lib/collector/admission.ts), which every byte is reserved against as it
 *   arrives (the Content-Length up front): when the budget is spent, a 429.
 * Decompression runs in zlib's streams, on libuv's thread pool, a chunk at a time: a 16 MB body never
 * holds the event loop. On a refusal the request is paused, not destroyed, so the router can answer
 * and drain it: a client still uploading would otherwise see a reset instead of the answer.
 */
export async function readBody(
  request: IncomingMessage,
  limitBytes: number,
  ticket: Ticket,
  labels: { transport: string; format: string },
): Promise<Buffer> {
  const encoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "" && encoding !== "gzip" && encoding !== "deflate") {
    throw new RequestError(415, `Content-Encoding ${encoding} is not supported: send gzip, deflate or none`);
  }
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  if (declared > 0 && !ticket.reserve(declared)) throw busy();
  const decompress = encoding === "gzip" || encoding === "deflate";
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      request.removeListener("data", onWire);
      request.pause();
      inflater?.destroy();
      reject(error);
    };
    const keep = (chunk: Buffer) => {
      bodyBytes += chunk.byteLength;
      if (bodyBytes > limitBytes) return fail(tooLarge(limitBytes));
      if (decompress && !ticket.reserve(chunk.byteLength)) return fail(busy());
      chunks.push(chunk);
    };
    const inflater = decompress ? (encoding === "gzip" ? createGunzip() : createInflate()) : undefined;
    inflater?.on("data", keep);
    inflater?.on("error", (error) =>
      fail(new RequestError(400, `body is not valid ${encoding}: ${error.message}`)),
    );
    inflater?.on("end", () => done());
    const done = () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, bodyBytes));
    };
    const onWire = (chunk: Buffer) => {
      wireBytes += chunk.byteLength;
      metrics.ingestBytes.inc(labels, chunk.byteLength);
      if (wireBytes > limitBytes) return fail(tooLarge(limitBytes));
      if (wireBytes > declared && !ticket.reserve(Math.min(chunk.byteLength, wireBytes - declared))) {
        return fail(busy());
      }
      if (!inflater) return keep(chunk);
      // Backpressure: a slow inflater pauses the socket rather than buffering the wire.
      if (!inflater.write(chunk)) {
        request.pause();
        inflater.once("drain", () => {
          if (!settled) request.resume();
        });
      }
    };
    request.on("data", onWire);
    request.once("end", () => (inflater ? inflater.end() : done()));
    request.once("error", (error) => fail(new RequestError(400, `the body was cut off: ${error.message}`)));
  });
}

function tooLarge(limitBytes: number): RequestError {
  return new RequestError(
    413,
    `body is larger than the limit of ${limitBytes} bytes (TRACELIGHT_MAX_BODY_BYTES)`,
  );
}

function busy(): RequestError {
  return new RequestError(429, "the ingest budget is spent (TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES)");
}
