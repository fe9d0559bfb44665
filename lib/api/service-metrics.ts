import { z } from "zod";
import { countParam, nameText } from "./names";

/**
 * `GET /api/services/metrics`, a page at a time: the window's services (or, with `service`, that
 * service's operations) sorted by any column, `limit` from `offset`, with the `total` to page
 * through, and series at `step` (lib/services/steps.ts: whole minutes under an hour, read from the
 * minute histograms while they are kept, or whole hours; chosen from the window when absent). On a
 * page of services each shows its busiest operations only, with how many it has; a service's own
 * page (`service=`) pages all of them. `previous` is the same numbers over the period of the same
 * length just before the window. The answer's size is bounded by `limit` and the step's points.
 */
export const SERVICE_METRICS_SORTS = ["errorRate", "p95", "calls", "errors", "name"] as const;
export type ServiceMetricsSort = (typeof SERVICE_METRICS_SORTS)[number];
export const SORT_ORDERS = ["desc", "asc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
/** Worst first: the highest error rate, then the slowest p95, then the busiest. */
export const DEFAULT_SORT: ServiceMetricsSort = "errorRate";
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
    .default(DEFAULT_SORT),
  /** Descending unless told; by name, ascending. */
  order: z.enum(SORT_ORDERS, { error: `expected one of ${SORT_ORDERS.join(", ")}` }).optional(),
  offset: z.coerce
    .number({ error: "expected an integer of 0 or more" })
    .int({ error: "expected an integer of 0 or more" })
    .min(0, { error: "expected an integer of 0 or more" })
    .max(Number.MAX_SAFE_INTEGER, { error: "expected an integer of 0 or more" })
    .default(0),
  limit: countParam(MAX_PAGE_SIZE).default(SERVICES_PAGE_SIZE),
  /** A duration (1m, 5m, 1h); read by lib/services/steps.ts against the window. */
  step: nameText.optional(),
});
export type ServiceMetricsQuery = z.infer<typeof serviceMetricsQuerySchema>;

/** The numbers of a stretch of time: a point of a series, or a whole window. */
const redNumbersSchema = z.object({
  calls: z.number(),
  errors: z.number(),
  /** Calls per second over the part of the stretch that has passed (the current one is not over). */
  ratePerS: z.number(),
  /** Errors per call, 0..1; null without calls. */
  errorRate: z.number().nullable(),
  /** Null without calls. */
  p50Us: z.number().nullable(),
  p95Us: z.number().nullable(),
  p99Us: z.number().nullable(),
});
export type RedNumbers = z.infer<typeof redNumbersSchema>;

/**
 * One step of a series (lib/services/red.ts). A step without calls is still a point (charts stay
 * continuous), with null for what 0 calls cannot say.
 */
export const metricsPointSchema = redNumbersSchema.extend({
  /** The step's start, µs since the epoch, UTC, a multiple of the step. */
  timeUs: z.number(),
});

export const operationMetricsSchema = redNumbersSchema.extend({
  name: z.string(),
  /** One point per step of the window, oldest first. */
  series: z.array(metricsPointSchema),
});

export const serviceSummarySchema = redNumbersSchema.extend({
  service: z.string(),
  /** All its operations with calls in the window; `operations` may show fewer. */
  operationCount: z.number(),
  /** The service's own series: all its operations together. */
  series: z.array(metricsPointSchema),
  /** The period of the same length just before the window. */
  previous: redNumbersSchema,
  operations: z.array(operationMetricsSchema),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

export const serviceMetricsPageSchema = z.object({
  services: z.array(serviceSummarySchema),
  /** Services in the window; with `service`, that service's operations. */
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  /** Every service of the window together (with `service`, that service), and the period before. */
  overall: redNumbersSchema,
  overallPrevious: redNumbersSchema,
  /** The series' step, µs. */
  stepUs: z.number(),
  /** What the numbers were read from: per-minute histograms, or hourly ones (the window widened to whole hours). */
  grain: z.enum(["minute", "hour"]),
  /** The window the numbers cover, after rounding to the grain, µs. */
  startUs: z.number(),
  endUs: z.number(),
});
export type ServiceMetricsPage = z.infer<typeof serviceMetricsPageSchema>;
