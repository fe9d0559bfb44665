import { z } from "zod";

/** POST /api/upload's answer once a file's spans are stored, as the upload page reads it. */
export const uploadAnswerSchema = z.object({
  traceIds: z.array(z.string()),
  spanCount: z.number().int().nonnegative(),
});
export type UploadAnswer = z.infer<typeof uploadAnswerSchema>;
