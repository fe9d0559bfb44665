/** Whether the database answers within a second, for GET /api/health. */
export { pingDatabase } from "../db/traces";
