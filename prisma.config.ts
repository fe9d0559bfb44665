import { defineConfig } from "prisma/config";

// `prisma generate` needs no database. The app applies prisma/migrations itself at start
// (lib/db/migrate.ts), so the CLI's migrate engine is never needed.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/tracelight" },
});
