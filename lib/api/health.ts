import { z } from "zod";

/** GET /api/health, as both the route and its client see it. */
export const healthSchema = z.object({ status: z.enum(["ok", "unavailable"]), database: z.string() });
export type Health = z.infer<typeof healthSchema>;
