import type { IncomingMessage, ServerResponse } from "node:http";
import { legacySamplingResponse, type Strategies, strategyFor } from "../sampling/strategies";
import { requireParam } from "../search/params";
import { json, type Route, requestUrl } from "./router";

/**
 * Jaeger remote sampling, where the peers serve it: `/api/sampling?service=` on the main port (as
 * Jaeger's collector and query do) and, on the agent's sampling port (5778), `/sampling?service=`
 * and the legacy `/?service=` that older jaeger-client-go versions poll.
 */
export function samplingRoutes(strategies: Strategies): Route[] {
  return [
    {
      method: "GET",
      path: "/api/sampling",
      handle: async ({ url }) => json(strategyFor(strategies, requireParam(url.searchParams, "service"))),
    },
  ];
}

/** The sampling port's whole HTTP surface. */
export function samplingPortHandler(strategies: Strategies) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const url = requestUrl(request);
    if (url === undefined) {
      answer(400, { error: "cannot read the request target" });
      return;
    }
    if (request.method !== "GET" || (url.pathname !== "/sampling" && url.pathname !== "/")) {
      answer(404, {
        error: `no sampling endpoint at ${request.method} ${url.pathname}: GET /sampling?service=`,
      });
      return;
    }
    let service: string;
    try {
      service = requireParam(url.searchParams, "service");
    } catch (error) {
      answer(400, { error: (error as Error).message });
      return;
    }
    const strategy = strategyFor(strategies, service);
    answer(200, url.pathname === "/" ? legacySamplingResponse(strategy) : strategy);
  };
}
