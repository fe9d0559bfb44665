import { z } from "zod";

/**
 * `GET /api/names/services?q=&limit=` and `GET /api/names/operations?service=&q=&limit=`: the names
 * the search form suggests as one types, matched in the database (lib/db/names.ts), so the browser
 * never holds a whole list. `q` matches anywhere in a name, whatever its case; names starting with it
 * come first, then the rest, each alphabetically.
 */
export const NAMES_DEFAULT_LIMIT = 20;
export const NAMES_MAX_LIMIT = 100;
/** Longer than any name worth typing; a longer `q` is refused rather than matched. */
const MAX_QUERY_CHARS = 200;

// Every query value is already read as text PostgreSQL can hold (lib/http/query-params.ts).
export const nameText = z
  .string()
  .max(MAX_QUERY_CHARS, { error: `longer than ${MAX_QUERY_CHARS} characters` });

/** A count between 1 and `max`, refused in one wording whatever is wrong with it. */
export function countParam(max: number) {
  const error = `expected an integer from 1 to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(1, { error }).max(max, { error });
}

export const namesQuerySchema = z.object({
  q: nameText.default(""),
  limit: countParam(NAMES_MAX_LIMIT).default(NAMES_DEFAULT_LIMIT),
});
export type NamesQuery = z.infer<typeof namesQuerySchema>;

export const operationNamesQuerySchema = namesQuerySchema.extend({ service: nameText });

export const namesResponseSchema = z.object({ names: z.array(z.string()) });
export type NamesResponse = z.infer<typeof namesResponseSchema>;
