import { z } from "zod";

/**
 * Jaeger remote sampling: the strategy a tracer's remote sampler polls for (jaeger-client's
 * `RemoteControlledSampler`, Traefik and Ory through jaeger-client-go). Strategies are configured
 * in Jaeger's own strategies-file format (TRACELIGHT_SAMPLING_STRATEGIES), so an existing Jaeger
 * file works unchanged:
 *
 *   { "default_strategy": { "type": "probabilistic", "param": 0.5 },
 *     "service_strategies": [
 *       { "service": "checkout", "type": "ratelimiting", "param": 10 },
 *       { "service": "cart", "type": "probabilistic", "param": 0.8,
 *         "operation_strategies": [{ "operation": "GET /health", "type": "probabilistic", "param": 0 }] } ] }
 *
 * Without a file every trace is sampled: Tracelight is where a team looks at all of them, and the
 * tracers' own defaults apply until they first hear from it anyway.
 */
const strategy = z.object({
  type: z.enum(["probabilistic", "ratelimiting"]),
  param: z.number().min(0),
});
const operationStrategy = strategy.extend({ operation: z.string() });
const serviceStrategy = strategy.extend({
  service: z.string(),
  operation_strategies: z.array(operationStrategy).optional(),
});
const file = z.object({
  default_strategy: strategy.optional(),
  default_operation_strategies: z.array(operationStrategy).optional(),
  service_strategies: z.array(serviceStrategy).optional(),
});

export type Strategies = z.infer<typeof file>;

export const SAMPLE_EVERYTHING: Strategies = { default_strategy: { type: "probabilistic", param: 1 } };

/** Reads a strategies file's JSON; throws an Error naming what is wrong, for the start-up message. */
export function parseStrategies(text: string): Strategies {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  const parsed = file.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(file)"}: ${issue.message}`,
    );
    throw new Error(problems.join("; "));
  }
  for (const { type, param } of strategiesIn(parsed.data)) {
    if (type === "probabilistic" && param > 1)
      throw new Error(`a probabilistic param is a rate from 0 to 1, got ${param}`);
  }
  return parsed.data;
}

function strategiesIn(strategies: Strategies): z.infer<typeof strategy>[] {
  return [
    ...(strategies.default_strategy ? [strategies.default_strategy] : []),
    ...(strategies.default_operation_strategies ?? []),
    ...(strategies.service_strategies ?? []).flatMap((service) => [
      service,
      ...(service.operation_strategies ?? []),
    ]),
  ];
}

/** The answer of Jaeger's sampling endpoints (`/sampling`, `/api/sampling`), enum values as names. */
export interface SamplingResponse {
  strategyType: "PROBABILISTIC" | "RATE_LIMITING";
  probabilisticSampling?: { samplingRate: number };
  rateLimitingSampling?: { maxTracesPerSecond: number };
  operationSampling?: {
    defaultSamplingProbability: number;
    defaultLowerBoundTracesPerSecond: number;
    perOperationStrategies: { operation: string; probabilisticSampling: { samplingRate: number } }[];
  };
}

/**
 * A service's strategy, as Jaeger's strategy store answers: the service's own, else the default; a
 * probabilistic one with per-operation strategies (the service's, else the default ones) also
 * carries `operationSampling`.
 */
export function strategyFor(strategies: Strategies, service: string): SamplingResponse {
  const own = strategies.service_strategies?.find((candidate) => candidate.service === service);
  const chosen = own ?? strategies.default_strategy ?? SAMPLE_EVERYTHING.default_strategy;
  const { type, param } = chosen as z.infer<typeof strategy>;
  if (type === "ratelimiting") {
    return { strategyType: "RATE_LIMITING", rateLimitingSampling: { maxTracesPerSecond: Math.floor(param) } };
  }
  const response: SamplingResponse = {
    strategyType: "PROBABILISTIC",
    probabilisticSampling: { samplingRate: param },
  };
  const operations = (own?.operation_strategies ?? strategies.default_operation_strategies ?? []).filter(
    (operation) => operation.type === "probabilistic",
  );
  if (operations.length > 0) {
    response.operationSampling = {
      defaultSamplingProbability: param,
      defaultLowerBoundTracesPerSecond: 0,
      perOperationStrategies: operations.map(({ operation, param: rate }) => ({
        operation,
        probabilisticSampling: { samplingRate: rate },
      })),
    };
  }
  return response;
}

/**
 * The same answer for the agent's legacy endpoint (`/` on the sampling port), which older
 * jaeger-client-go versions read as Thrift JSON: enum values as numbers.
 */
export function legacySamplingResponse(response: SamplingResponse): Omit<SamplingResponse, "strategyType"> & {
  strategyType: number;
} {
  return { ...response, strategyType: response.strategyType === "PROBABILISTIC" ? 0 : 1 };
}
