-- The call paths through services (lib/services/service-paths.ts), derived from whole traces beside
-- their dependency links (lib/db/links.ts), with each trace's share kept as trace_links keeps its
-- share of the graph, so that deriving a trace again replaces its paths instead of adding to them.

-- What each trace added: one row per distinct path it took, in the UTC hour it started.
CREATE TABLE "trace_paths" (
    "trace_id" TEXT NOT NULL,
    "hour_us" BIGINT NOT NULL,
    "path_hash" TEXT NOT NULL,

    CONSTRAINT "trace_paths_pkey" PRIMARY KEY ("trace_id","hour_us","path_hash")
);
CREATE INDEX "trace_paths_hour_us_idx" ON "trace_paths" ("hour_us");

-- The paths: traces per path and hour. A path is its hops' services and, beside them, the operations
-- each was entered through; `path_hash` keys it, as a key of the names themselves could pass the
-- size an index entry may have. The GIN index finds the paths through a service.
CREATE TABLE "service_paths" (
    "hour_us" BIGINT NOT NULL,
    "path_hash" TEXT NOT NULL,
    "services" TEXT[] NOT NULL,
    "operations" TEXT[] NOT NULL,
    "traces" INTEGER NOT NULL,

    CONSTRAINT "service_paths_pkey" PRIMARY KEY ("hour_us","path_hash")
);
CREATE INDEX "service_paths_services_idx" ON "service_paths" USING GIN ("services");

-- Traces stored before this migration get their paths too; their links are replaced, not added to.
INSERT INTO "link_queue" SELECT "trace_id", 0 FROM "traces" ON CONFLICT ("trace_id") DO NOTHING;
