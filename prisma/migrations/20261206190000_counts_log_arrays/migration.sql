-- One log row per operation, kind and minute, its latency buckets in parallel arrays, where there
-- was one per bucket: a request's counts take a few rows instead of one per bucket it touched, and
-- the fold reads and deletes that many fewer (lib/db/fold-counts.ts). Rows already logged become
-- one-bucket rows.
ALTER TABLE "operation_counts_log"
  ADD COLUMN "buckets" SMALLINT[],
  ADD COLUMN "counts" INTEGER[],
  ADD COLUMN "bucket_errors" INTEGER[];

UPDATE "operation_counts_log"
SET "buckets" = ARRAY["bucket"], "counts" = ARRAY["count"], "bucket_errors" = ARRAY["errors"];

ALTER TABLE "operation_counts_log"
  DROP COLUMN "bucket",
  DROP COLUMN "count",
  DROP COLUMN "errors";

ALTER TABLE "operation_counts_log" RENAME COLUMN "bucket_errors" TO "errors";

ALTER TABLE "operation_counts_log"
  ALTER COLUMN "buckets" SET NOT NULL,
  ALTER COLUMN "counts" SET NOT NULL,
  ALTER COLUMN "errors" SET NOT NULL;
