import { z } from "zod";
import { readAnswer } from "@/lib/api/read-answer";

/**
 * A GET of one of Tracelight's APIs, its answer checked against the `lib/api` zod schema the route's
 * type comes from: the data, or an Error for people (the server's message, or the HTTP status and
 * what was wrong, never a SyntaxError). How answers are read is lib/api/read-answer.ts.
 */
export function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T>;
/**
 * @deprecated An unchecked answer: only useTrace.ts still asks so, until lib/api/trace.ts and
 * analysis.ts have schemas (issue 17); then this overload goes.
 */
export function getJson<T>(url: string): Promise<T>;
export async function getJson<T>(url: string, schema?: z.ZodType<T>): Promise<T> {
  return readAnswer(await fetch(url), schema ?? (z.unknown() as z.ZodType<T>));
}
