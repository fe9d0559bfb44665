import { handleErrors } from "@/lib/http/respond";
import { searchSettings } from "@/lib/http/search-settings";
import { parseZipkinDependenciesQuery } from "@/lib/search/zipkin-params";

/** Zipkin: dependency links in a window; the parameters are checked, the links come with the graph. */
export const GET = handleErrors(async (request: Request) => {
  parseZipkinDependenciesQuery(new URL(request.url).searchParams, searchSettings().limits);
  return Response.json([]);
});
