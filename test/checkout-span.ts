import { expect } from "vitest";

/**
 * One "checkout" span in, read back out: what the fault tests store before and after they break
 * something, to prove what survived.
 */
let sequence = 0;

/** A trace id no other call makes, in this process. */
export function checkoutTraceId(): string {
  sequence++;
  return `${Date.now().toString(16)}${process.pid.toString(16)}${sequence.toString(16)}`
    .padStart(32, "c")
    .slice(-32);
}

/** Posts one span of trace `id` as Zipkin v2 JSON; answers the status. */
export async function postCheckoutSpan(baseUrl: string, id: string): Promise<number> {
  const span = {
    traceId: id,
    id: id.slice(-16),
    name: "checkout",
    timestamp: Date.now() * 1000,
    duration: 7,
  };
  const response = await fetch(`${baseUrl}/api/v2/spans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify([span]),
  });
  return response.status;
}

/** The trace as Zipkin JSON, which must be stored. */
export async function readCheckoutTrace(baseUrl: string, id: string): Promise<unknown> {
  const response = await fetch(`${baseUrl}/api/v2/trace/${id}`);
  expect(response.status).toBe(200);
  return response.json();
}
