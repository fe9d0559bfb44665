import { describe, expect, it } from "vitest";
import { legacySamplingResponse, parseStrategies, SAMPLE_EVERYTHING, strategyFor } from "./strategies";

const FILE = JSON.stringify({
  default_strategy: { type: "probabilistic", param: 0.5 },
  service_strategies: [
    { service: "checkout", type: "ratelimiting", param: 10 },
    {
      service: "cart",
      type: "probabilistic",
      param: 0.8,
      operation_strategies: [{ operation: "GET /health", type: "probabilistic", param: 0 }],
    },
  ],
});

describe("strategyFor", () => {
  const strategies = parseStrategies(FILE);

  it.each([
    [
      "a service's rate limit",
      "checkout",
      { strategyType: "RATE_LIMITING", rateLimitingSampling: { maxTracesPerSecond: 10 } },
    ],
    [
      "a service's rate with per-operation rates",
      "cart",
      {
        strategyType: "PROBABILISTIC",
        probabilisticSampling: { samplingRate: 0.8 },
        operationSampling: {
          defaultSamplingProbability: 0.8,
          defaultLowerBoundTracesPerSecond: 0,
          perOperationStrategies: [{ operation: "GET /health", probabilisticSampling: { samplingRate: 0 } }],
        },
      },
    ],
    [
      "the default for any other service",
      "search",
      { strategyType: "PROBABILISTIC", probabilisticSampling: { samplingRate: 0.5 } },
    ],
  ])("answers %s", (_name, service, expected) => {
    expect(strategyFor(strategies, service)).toEqual(expected);
  });

  it("samples everything without a file", () => {
    expect(strategyFor(SAMPLE_EVERYTHING, "any")).toEqual({
      strategyType: "PROBABILISTIC",
      probabilisticSampling: { samplingRate: 1 },
    });
  });

  it("writes the enum as a number for the legacy endpoint", () => {
    expect(legacySamplingResponse(strategyFor(strategies, "checkout")).strategyType).toBe(1);
    expect(legacySamplingResponse(strategyFor(strategies, "cart")).strategyType).toBe(0);
  });
});

describe("parseStrategies", () => {
  it.each([
    ["not JSON", "{", "not JSON"],
    [
      "an unknown type",
      JSON.stringify({ default_strategy: { type: "adaptive", param: 1 } }),
      "default_strategy.type",
    ],
    [
      "a rate above 1",
      JSON.stringify({ default_strategy: { type: "probabilistic", param: 2 } }),
      "from 0 to 1",
    ],
    [
      "a service without a name",
      JSON.stringify({ service_strategies: [{ type: "probabilistic", param: 1 }] }),
      "service_strategies.0.service",
    ],
  ])("refuses %s, saying what is wrong", (_name, text, message) => {
    expect(() => parseStrategies(text)).toThrow(message);
  });
});
