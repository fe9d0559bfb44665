-- One minute row per operation, kind and minute, its latency buckets with their calls and errors
-- in parallel arrays, as the log holds them: the fold (lib/db/fold-counts.ts) then writes a row per
-- operation and minute instead of one per bucket, which made it the costliest statement beside
-- ingest when a request's spans spread over many minutes. Readers unnest them (lib/db/counts-sql.ts).
ALTER TABLE "operation_minutes" RENAME TO "operation_minutes_by_bucket";
ALTER TABLE "operation_minutes_by_bucket" RENAME CONSTRAINT "operation_minutes_pkey" TO "operation_minutes_by_bucket_pkey";
DROP INDEX "operation_minutes_minute_us_idx";

CREATE TABLE "operation_minutes" (
    "service_name" TEXT NOT NULL,
    "span_name" TEXT NOT NULL,
    "span_kind" TEXT NOT NULL,
    "minute_us" BIGINT NOT NULL,
    "buckets" SMALLINT[] NOT NULL,
    "counts" INTEGER[] NOT NULL,
    "errors" INTEGER[] NOT NULL,

    CONSTRAINT "operation_minutes_pkey" PRIMARY KEY ("service_name", "span_name", "span_kind", "minute_us")
);

INSERT INTO "operation_minutes"
SELECT "service_name", "span_name", "span_kind", "minute_us",
       array_agg("bucket" ORDER BY "bucket"), array_agg("count" ORDER BY "bucket"),
       array_agg("errors" ORDER BY "bucket")
FROM "operation_minutes_by_bucket"
GROUP BY 1, 2, 3, 4;

DROP TABLE "operation_minutes_by_bucket";

-- Windows are read by time across operations, and retention deletes the oldest minute first.
CREATE INDEX "operation_minutes_minute_us_idx" ON "operation_minutes" ("minute_us");
