-- Tracelight storage, designed for the reads.
--
-- Every trace-scoped key starts with trace_id, so spans and traces can be distributed by trace_id
-- (Citus) and a whole trace lives on one shard. Ids are lower-case hex text compared bytewise ("C").

-- One row per span half: the client and server halves of a Zipkin shared span id are both kept
-- (`shared` tells them apart), and a re-sent span is stored once (ON CONFLICT DO NOTHING on the key).
-- Partitioned by day on start_us so retention drops whole tables; spans outside the prepared days
-- land in spans_default and are deleted row by row.
CREATE TABLE "spans" (
    "trace_id" TEXT COLLATE "C" NOT NULL,
    "span_id" TEXT COLLATE "C" NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "parent_span_id" TEXT COLLATE "C",
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "service_name" TEXT NOT NULL,
    "remote_service_name" TEXT,
    "start_us" BIGINT NOT NULL,
    "duration_us" BIGINT NOT NULL,
    "status_code" TEXT NOT NULL,
    "status_message" TEXT,
    "http_status" SMALLINT,
    "attributes" JSONB NOT NULL,
    "resource" JSONB,
    "events" JSONB,
    "links" JSONB,
    "scope" JSONB,
    "debug" BOOLEAN NOT NULL DEFAULT false,
    "warnings" JSONB,
    CONSTRAINT "spans_pkey" PRIMARY KEY ("trace_id", "span_id", "shared", "start_us")
) PARTITION BY RANGE ("start_us");

CREATE TABLE "spans_default" PARTITION OF "spans" DEFAULT;

-- One summary row per trace, upserted as its spans arrive: search and the recent list read this.
-- The root is the earliest parentless span seen so far (or the earliest span while none is).
CREATE TABLE "traces" (
    "trace_id" TEXT COLLATE "C" NOT NULL,
    "start_us" BIGINT NOT NULL,
    "end_us" BIGINT NOT NULL,
    "span_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "service_counts" JSONB NOT NULL,
    "root_span_id" TEXT COLLATE "C" NOT NULL,
    "root_service" TEXT NOT NULL,
    "root_name" TEXT NOT NULL,
    "root_start_us" BIGINT NOT NULL,
    "root_parentless" BOOLEAN NOT NULL,
    "root_http_status" SMALLINT,
    CONSTRAINT "traces_pkey" PRIMARY KEY ("trace_id")
);

CREATE INDEX "traces_start_us_idx" ON "traces" ("start_us" DESC);

-- The services, span names and kinds seen: the lists of the search form and of /api/v2/services.
CREATE TABLE "service_operations" (
    "service_name" TEXT NOT NULL,
    "span_name" TEXT NOT NULL,
    "span_kind" TEXT NOT NULL,
    CONSTRAINT "service_operations_pkey" PRIMARY KEY ("service_name", "span_name", "span_kind")
);
