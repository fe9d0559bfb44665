import { listServiceNames } from "@/lib/db/traces";
import { handleErrors } from "@/lib/http/respond";

export const GET = handleErrors(async () => Response.json(await listServiceNames()));
