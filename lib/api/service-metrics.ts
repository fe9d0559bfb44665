import { z } from "zod";
import { countParam, nameText } from "./names";

/**
 * `GET /api/services/metrics`, a page at a time: the window's services (or, with `service`, that
 * service's operations) sorted by calls, errors or name, `limit` from `offset`, with the `total` to
 * page through. On a page of services each shows its busiest operations only, with how many it has;
 * a service's own page (`service=`) pages all of them. The answer's size is bounded by `limit`
 * whatever the number of services.
 */
export const SERVICE_METRICS_SORTS = ["calls", "errors", "name"] as const;
export type ServiceMetricsSort = (typeof SERVICE_METRICS_SORTS)[number];
export const SERVICES_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
/** How many operations each service shows on a page of services: its busiest. */
export const OPERATIONS_PER_SERVICE_SHOWN = 5;

/**
 * The name under which calls past the caps are counted (lib/db/save-spans.ts): a service's operations
 * past TRACELIGHT_MAX_OPERATIONS_PER_SERVICE are its operation of this name; services past
 * TRACELIGHT_MAX_SERVICES, this service. No tracer sends a name starting with a control character.
 */
export const OVERFLOW_NAME = "\u0001other";

export const serviceMetricsQuerySchema = z.object({
  service: nameText.optional(),
  sort: z
    .enum(SERVICE_METRICS_SORTS, { error: `expected one of ${SERVICE_METRICS_SORTS.join(", ")}` })
    .default("calls"),
  offset: z.coerce
    .number({ error: "expected an integer of 0 or more" })
    .int({ error: "expected an integer of 0 or more" })
    .min(0, { error: "expected an integer of 0 or more" })
    .max(Number.MAX_SAFE_INTEGER, { error: "expected an integer of 0 or more" })
    .default(0),
  limit: countParam(MAX_PAGE_SIZE).default(SERVICES_PAGE_SIZE),
});
export type ServiceMetricsQuery = z.infer<typeof serviceMetricsQuerySchema>;

/**
 * One hour of an operation (lib/services/red.ts). An hour without calls is still a point (charts stay
 * continuous), with null for what 0 calls cannot say: their error rate and latency.
 */
export const metricsPointSchema = z.object({
  /** The hour's start, µs since the epoch, UTC. */
  hourUs: z.number(),
  calls: z.number(),
  errors: z.number(),
  /** Calls per second over the part of the hour that has passed (the current hour is not over). */
  ratePerS: z.number(),
  /** Errors per call, 0..1. */
  errorRate: z.number().nullable(),
  p50Us: z.number().nullable(),
  p95Us: z.number().nullable(),
  p99Us: z.number().nullable(),
});

export const operationMetricsSchema = z.object({
  name: z.string(),
  calls: z.number(),
  errors: z.number(),
  /** Over the window's hours; 0 for an operation without calls, which the rows never hold. */
  p50Us: z.number(),
  p95Us: z.number(),
  p99Us: z.number(),
  /** One point per hour of the window, oldest first. */
  series: z.array(metricsPointSchema),
});

export const serviceSummarySchema = z.object({
  service: z.string(),
  calls: z.number(),
  errors: z.number(),
  /** All its operations with calls in the window; `operations` may show fewer. */
  operationCount: z.number(),
  operations: z.array(operationMetricsSchema),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

export const serviceMetricsPageSchema = z.object({
  services: z.array(serviceSummarySchema),
  /** Services in the window; with `service`, that service's operations. */
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
});
export type ServiceMetricsPage = z.infer<typeof serviceMetricsPageSchema>;
