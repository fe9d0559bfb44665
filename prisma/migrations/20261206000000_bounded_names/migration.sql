-- Bounded names (TRACELIGHT_MAX_SERVICES, …; lib/db/save-spans.ts): the service list gets a table of
-- its own, so that counting it against its cap, listing it and matching typed text never walk
-- service_operations (services × operations rows). Every service in service_operations is in it.
CREATE TABLE "services" (
    "service_name" TEXT NOT NULL,
    CONSTRAINT "services_pkey" PRIMARY KEY ("service_name")
);
INSERT INTO "services" SELECT DISTINCT "service_name" FROM "service_operations";

-- The search form's picker (lib/db/names.ts) offers the names starting with what was typed, whatever
-- its case, first and in order: a prefix range of this index ("C" so that LIKE 'abc%' can use it).
CREATE INDEX "services_lower_name_idx" ON "services" ((lower("service_name") COLLATE "C"));

-- …then the names holding it elsewhere: trigrams answer ILIKE '%abc%' without reading every name.
-- pg_trgm ships with PostgreSQL and is trusted (any database owner may create it); where it cannot
-- be created, the substring match reads the whole list instead, which the cap keeps small.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX "services_name_trgm_idx" ON "services" USING GIN ("service_name" gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE NOTICE 'pg_trgm is unavailable (%): service names are matched by substring without an index', SQLERRM;
END
$$;
