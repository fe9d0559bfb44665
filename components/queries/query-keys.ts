/**
 * The query key of every endpoint the pages read, in one place: a key says which answer is cached,
 * so two hooks can never share one by mistake. A trace's baselines are under its trace's key, so
 * forgetting a trace forgets them too.
 */
export const queryKeys = {
  search: (queryString: string) => ["search", queryString] as const,
  traceqlSearch: (queryString: string) => ["search", "traceql", queryString] as const,
  traceqlTags: ["traceql", "tags"] as const,
  traceqlTagValues: (tag: string) => ["traceql", "tag-values", tag] as const,
  serviceNames: (q: string) => ["names", "services", q] as const,
  operationNames: (service: string, q: string) => ["names", "operations", service, q] as const,
  attributeDiff: (apiQuery: string) => ["attribute-diff", apiQuery] as const,
  serviceMetrics: (apiQuery: string) => ["service-metrics", apiQuery] as const,
  graph: (apiQuery: string) => ["graph", apiQuery] as const,
  servicePaths: (apiQuery: string) => ["service-paths", apiQuery] as const,
  health: ["health"] as const,
  session: ["session"] as const,
  trace: (traceId: string) => ["trace", traceId] as const,
  baselines: (traceId: string) => ["trace", traceId, "baselines"] as const,
};
