import type { IncomingMessage } from "node:http";
import { gunzipSync, inflateSync } from "node:zlib";
import { RequestError } from "../errors";

/**
 * Reads a request body whole, undoing gzip or deflate content encoding, and refuses it with 413 once
 * it passes `limitBytes`, counted both on the wire and after decompression, so a small gzip bomb
 * cannot become a large allocation.
 */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const raw = await readLimited(request, limitBytes);
  const encoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return raw;
  if (encoding !== "gzip" && encoding !== "deflate") {
    throw new RequestError(415, `Content-Encoding ${encoding} is not supported: send gzip, deflate or none`);
  }
  try {
    const inflate = encoding === "gzip" ? gunzipSync : inflateSync;
    return inflate(raw, { maxOutputLength: limitBytes });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(limitBytes);
    throw new RequestError(400, `body is not valid ${encoding}: ${(error as Error).message}`);
  }
}

async function readLimited(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  if (Number(request.headers["content-length"] ?? 0) > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limitBytes: number): RequestError {
  return new RequestError(
    413,
    `body is larger than the limit of ${limitBytes} bytes (TRACELIGHT_MAX_BODY_BYTES)`,
  );
}

/** Parses a JSON body, naming where it broke. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new RequestError(400, "body is empty: expected JSON");
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new RequestError(400, `body is not JSON: ${(error as Error).message}`);
  }
}
