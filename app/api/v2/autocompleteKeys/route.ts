import { handleErrors } from "@/lib/http/respond";

/**
 * Zipkin: the tag keys configured for autocompletion. Zipkin's server lists only keys named in its
 * AUTOCOMPLETE_KEYS setting, empty by default; Tracelight has none configured yet.
 */
export const GET = handleErrors(async () => Response.json([]));
