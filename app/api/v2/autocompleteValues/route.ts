import { handleErrors } from "@/lib/http/respond";
import { requireParam } from "@/lib/search/params";

/** Zipkin: the values of a configured autocomplete key; none is configured (see autocompleteKeys). */
export const GET = handleErrors(async (request: Request) => {
  requireParam(new URL(request.url).searchParams, "key");
  return Response.json([]);
});
