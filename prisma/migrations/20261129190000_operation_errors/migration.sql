-- Errors beside calls in the per-operation histograms, for the services page's error rates: how
-- many of the spans counted in a row had status ERROR.
ALTER TABLE "operation_latency" ADD COLUMN "errors" INTEGER NOT NULL DEFAULT 0;

UPDATE "operation_latency" l SET "errors" = e."errors"
FROM (
  SELECT "service_name", "name", floor("start_us" / 3600000000.0)::bigint * 3600000000 AS "hour_us",
         floor(8 * log(2, greatest("duration_us", 0)::numeric + 1))::smallint AS "bucket", count(*) AS "errors"
  FROM "spans" WHERE "status_code" = 'ERROR'
  GROUP BY 1, 2, 3, 4
) e
WHERE l."service_name" = e."service_name" AND l."span_name" = e."name" AND l."hour_us" = e."hour_us"
  AND l."bucket" = e."bucket";
