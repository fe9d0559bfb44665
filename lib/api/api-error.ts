import { z } from "zod";

/** The one error shape of Tracelight's own APIs: `{ "error": message }`, worded for people. */
export const apiErrorSchema = z.object({ error: z.string() });
