import { z } from "zod";

/**
 * GET /api/auth/session, as both the route and the header see it: who the browser is reading as
 * (null when reads are open or it has no credential), and whether it has a session to sign out of.
 */
export const sessionInfoSchema = z.object({
  user: z
    .object({ kind: z.enum(["ingest-token", "read-token", "session", "proxy"]), name: z.string() })
    .nullable(),
  signOut: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
