import type { z } from "zod";
import { apiErrorSchema } from "./api-error";

/**
 * What an answer of Tracelight's own APIs held, read against the zod schema its route's type comes
 * from (lib/api), so what the browser checks is what the server was compiled to send. Anything but
 * the promised data or the server's own refusal (a proxy's HTML page, a cut-off body, a shape this
 * build does not know) is named as such, for the reader to word with the answer's status: a broken
 * answer never surfaces as a SyntaxError.
 */
export type AnswerReading<T> =
  | { kind: "data"; data: T }
  /** A failed status with Tracelight's `{error}`: the message is worded for people. */
  | { kind: "refused"; message: string }
  | { kind: "not-json" }
  /** A failed status with JSON other than `{error}` or the data. */
  | { kind: "unexplained" }
  /** A 2xx whose JSON is not the schema's; `issue` says where ("traces.0.durationUs: …"). */
  | { kind: "unexpected"; issue: string };

export function readAnswerText<T>(status: number, text: string, schema: z.ZodType<T>): AnswerReading<T> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: "not-json" };
  }
  const failed = status < 200 || status > 299;
  const refusal = failed ? apiErrorSchema.safeParse(body) : undefined;
  if (refusal?.success) return { kind: "refused", message: refusal.data.error };
  // The promised data is the answer whatever the status: /api/health says "database down" as a 503
  // with its usual body, which a load balancer reads by the status and the header by the body.
  const parsed = schema.safeParse(body);
  if (parsed.success) return { kind: "data", data: parsed.data };
  if (failed) return { kind: "unexplained" };
  const [first] = parsed.error.issues;
  const path = first?.path.join(".") || "the answer";
  return { kind: "unexpected", issue: `${path}: ${first?.message ?? "invalid"}` };
}

/**
 * A fetch Response's data, or an Error for people: the server's own message as it is, else the HTTP
 * status and what was wrong ("502 Bad Gateway: the server's answer was not JSON").
 */
export async function readAnswer<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const reading = readAnswerText(response.status, await response.text(), schema);
  if (reading.kind === "data") return reading.data;
  // HTTP/2 sends no reason phrase.
  const status = response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
  throw new Error(answerProblem(status, reading));
}

function answerProblem(status: string, reading: Exclude<AnswerReading<unknown>, { kind: "data" }>): string {
  switch (reading.kind) {
    case "refused":
      return reading.message;
    case "not-json":
      return `${status}: the server's answer was not JSON`;
    case "unexplained":
      return `${status}: the server did not say why`;
    case "unexpected":
      return `${status}: the server's answer was not what this page reads (${reading.issue})`;
  }
}
