import { z } from "zod";
import { countParam, nameText } from "./names";

/**
 * `GET /api/services/paths?service=&operation=&limit=` with a window (lookback, or start and end):
 * the distinct call paths through a service seen in the window (lib/services/service-paths.ts), each
 * as the part from its root to the service, the service, and the part from it to a leaf, with how
 * many traces took it. The busiest `limit` paths; `more` says how many others there were.
 */
export const SERVICE_PATHS_DEFAULT_LIMIT = 20;
export const SERVICE_PATHS_MAX_LIMIT = 100;
/** The focus service's operations the answer names for a picker, busiest first. */
export const MAX_PATH_OPERATIONS = 50;

export const servicePathsQuerySchema = z.object({
  service: nameText,
  operation: nameText.optional(),
  limit: countParam(SERVICE_PATHS_MAX_LIMIT).default(SERVICE_PATHS_DEFAULT_LIMIT),
});
export type ServicePathsQuery = z.infer<typeof servicePathsQuerySchema>;

/** One hop of a path: a service, named by the operation its spans were entered through. */
export const pathElementSchema = z.object({ service: z.string(), operation: z.string() });
export type PathElement = z.infer<typeof pathElementSchema>;

export const pathThroughSchema = z.object({
  /** From the trace's root to the hop before the focus; empty when the focus is the root. */
  upstream: z.array(pathElementSchema),
  focus: pathElementSchema,
  /** From the hop after the focus to the leaf; empty when the focus is the leaf. */
  downstream: z.array(pathElementSchema),
  /** Traces that took this path in the window. */
  traces: z.number(),
});
export type PathThrough = z.infer<typeof pathThroughSchema>;

export const servicePathsSchema = z.object({
  service: z.string(),
  operation: z.string().nullable(),
  /** Busiest first. */
  paths: z.array(pathThroughSchema),
  /** Distinct paths through the focus in the window beyond those in `paths`. */
  more: z.number(),
  /** The focus service's operations on any path in the window, busiest first, at most MAX_PATH_OPERATIONS. */
  operations: z.array(z.string()),
});
export type ServicePaths = z.infer<typeof servicePathsSchema>;
