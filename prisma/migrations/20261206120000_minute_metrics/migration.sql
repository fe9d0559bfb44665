-- Minute-grain RED. Ingest no longer adds to the hourly histograms: it appends its counts to
-- `operation_counts_log`, a plain insert that takes no row lock another request could wait on, and
-- one process at a time folds the log (lib/db/fold-counts.ts) into per-minute histograms, kept for
-- TRACELIGHT_MINUTE_RETENTION, and into the hourly ones, kept as long as traces. Readers add the
-- rows not yet folded, so what was acknowledged is counted at once.
--
-- The histograms are keyed by span kind too, so that a server's calls can be told from its client
-- calls (Jaeger's Monitor tab asks for one kind).

ALTER TABLE "operation_latency" ADD COLUMN "span_kind" TEXT NOT NULL DEFAULT '';

-- The kind of the rows already kept: their operation's, when it was listed with one kind only.
UPDATE "operation_latency" l SET "span_kind" = o."span_kind"
FROM (
  SELECT "service_name", "span_name", min("span_kind") AS "span_kind"
  FROM "service_operations" GROUP BY 1, 2 HAVING count(*) = 1
) o
WHERE l."service_name" = o."service_name" AND l."span_name" = o."span_name";

ALTER TABLE "operation_latency" ALTER COLUMN "span_kind" DROP DEFAULT;
ALTER TABLE "operation_latency" DROP CONSTRAINT "operation_latency_pkey";
ALTER TABLE "operation_latency" ADD CONSTRAINT "operation_latency_pkey"
  PRIMARY KEY ("service_name", "span_name", "span_kind", "hour_us", "bucket");

CREATE TABLE "operation_minutes" (
    "service_name" TEXT NOT NULL,
    "span_name" TEXT NOT NULL,
    "span_kind" TEXT NOT NULL,
    "minute_us" BIGINT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "operation_minutes_pkey" PRIMARY KEY ("service_name", "span_name", "span_kind", "minute_us", "bucket")
);

-- Windows are read by time across operations, and retention deletes the oldest minute first.
CREATE INDEX "operation_minutes_minute_us_idx" ON "operation_minutes" ("minute_us");

-- The identity only lets the folder take a bounded batch of rows; it orders nothing.
CREATE TABLE "operation_counts_log" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY,
    "service_name" TEXT NOT NULL,
    "span_name" TEXT NOT NULL,
    "span_kind" TEXT NOT NULL,
    "minute_us" BIGINT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "operation_counts_log_pkey" PRIMARY KEY ("id")
);

-- The last day's spans, by minute, so the live view is not empty after an upgrade.
INSERT INTO "operation_minutes"
SELECT "service_name", "name", "kind", floor("start_us" / 60000000.0)::bigint * 60000000,
       floor(8 * log(2, greatest("duration_us", 0)::numeric + 1))::smallint,
       count(*), count(*) FILTER (WHERE "status_code" = 'ERROR')
FROM "spans"
WHERE "start_us" >= (extract(epoch FROM now()) - 86400)::bigint * 1000000
GROUP BY 1, 2, 3, 4, 5;
