-- Per-operation latency histograms, kept at ingest (lib/db/save-spans.ts) so that an operation's
-- baseline — its count, median and p99 over a window — is read from O(hours × buckets) rows, never
-- from its spans. One row per service, span name, UTC hour and log-scale duration bucket
-- (lib/analysis/histogram.ts: eight buckets per doubling, ~9% wide), counting the spans stored
-- with that start hour and duration. Time-keyed like every aggregate, so it distributes by
-- (service_name, span_name) or hour alike.
CREATE TABLE "operation_latency" (
    "service_name" TEXT NOT NULL,
    "span_name" TEXT NOT NULL,
    "hour_us" BIGINT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "operation_latency_pkey" PRIMARY KEY ("service_name","span_name","hour_us","bucket")
);

-- Retention deletes whole hours; ingest only writes to this index when a new row is made (adding to
-- a count changes no indexed column, so it is a HOT update).
CREATE INDEX "operation_latency_hour_us_idx" ON "operation_latency" ("hour_us");

-- The spans already stored, counted once, bucketed as bucketOf does (numeric log agrees with it at
-- every bucket edge).
INSERT INTO "operation_latency"
SELECT "service_name", "name", floor("start_us" / 3600000000.0)::bigint * 3600000000,
       floor(8 * log(2, greatest("duration_us", 0)::numeric + 1))::smallint, count(*)
FROM "spans"
GROUP BY 1, 2, 3, 4;
