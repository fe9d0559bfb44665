import { type NamesResponse, namesQuerySchema, operationNamesQuerySchema } from "../api/names";
import { matchOperationNames, matchServiceNames } from "../read/names";
import { parseQuery } from "./query-params";
import { json, type Route } from "./router";

/**
 * The search form's pickers ask these as one types (lib/api/names.ts): a few matching names, never a
 * whole list. The peers' list endpoints (`/api/services`, `/api/v2/services`) keep their shapes.
 */
export const NAMES_ROUTES: Route[] = [
  {
    method: "GET",
    path: "/api/names/services",
    handle: async ({ url }) =>
      json({
        names: await matchServiceNames(parseQuery(namesQuerySchema, url.searchParams)),
      } satisfies NamesResponse),
  },
  {
    method: "GET",
    path: "/api/names/operations",
    handle: async ({ url }) =>
      json({
        names: await matchOperationNames(parseQuery(operationNamesQuerySchema, url.searchParams)),
      } satisfies NamesResponse),
  },
];
