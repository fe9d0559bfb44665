/**
 * The statements that write a request's summary rows (lib/db/save-spans.ts), one INSERT … SELECT per
 * table, run one after another in the spans' transaction. Each table is written by a statement of its
 * own, never by a data-modifying CTE that writes several, so the same statements run on Citus
 * (docs/scaling.md), where `traces` and `link_queue` are colocated with `spans` on trace_id and the
 * name lists are reference tables. A later statement reads what an earlier one wrote, as a statement
 * in the same transaction sees it: which names are listed is what the lists hold by then, whichever
 * request put them there (an insert that meets a concurrent one's row waits for its commit).
 *
 * The JSON parameters are read as `jsonb`: `->>` on `json` parses the element's text again on every
 * use, which cost the single statement these replace more than half its time. Each statement is run
 * prepared (named), so it is planned once per connection rather than once per request.
 *
 * Summary rows are inserted in key order, so concurrent requests lock the rows they share in the same
 * order. Under the caps: a name already listed costs one index probe; only new names are counted
 * against their cap, by an index scan of at most a cap's rows, once per service or key that brings new
 * ones (the `room` of each statement, read-only CTEs, which Citus plans like subqueries); the first new ones in name order fill the room left. Two requests bringing new names at once
 * both see the room before either commits, so a list may overshoot its cap by what concurrent requests
 * add (a few names, in practice).
 */

/**
 * The trace deltas (lib/db/trace-deltas.ts) added to their traces. $1: the deltas as JSON. The better
 * root candidate wins: a parentless span over a child, then the earlier one.
 */
export const UPSERT_TRACES = `
INSERT INTO traces AS t (trace_id, start_us, end_us, span_count, error_count, service_counts,
  root_span_id, root_service, root_name, root_start_us, root_parentless, root_http_status)
SELECT * FROM json_to_recordset($1::json) AS d(trace_id text, start_us bigint, end_us bigint,
  span_count int, error_count int, service_counts jsonb, root_span_id text, root_service text,
  root_name text, root_start_us bigint, root_parentless boolean, root_http_status smallint)
ON CONFLICT (trace_id) DO UPDATE SET
  start_us = least(t.start_us, excluded.start_us),
  end_us = greatest(t.end_us, excluded.end_us),
  span_count = t.span_count + excluded.span_count,
  error_count = t.error_count + excluded.error_count,
  service_counts = (
    SELECT jsonb_object_agg(key, total) FROM (
      SELECT key, sum(value::int) AS total FROM (
        SELECT * FROM jsonb_each_text(t.service_counts)
        UNION ALL SELECT * FROM jsonb_each_text(excluded.service_counts)) both_counts
      GROUP BY key) merged),
  (root_span_id, root_service, root_name, root_start_us, root_parentless, root_http_status) = (
    SELECT * FROM (VALUES
      (t.root_span_id, t.root_service, t.root_name, t.root_start_us, t.root_parentless, t.root_http_status),
      (excluded.root_span_id, excluded.root_service, excluded.root_name, excluded.root_start_us,
       excluded.root_parentless, excluded.root_http_status)
    ) AS candidate(span_id, service, name, start_us, parentless, http_status)
    ORDER BY NOT candidate.parentless, candidate.start_us LIMIT 1)`;

/** Queues the traces for link derivation (lib/db/links.ts). $1: the trace deltas; $2: when they are due. */
export const QUEUE_LINKS = `
INSERT INTO link_queue (trace_id, due_us)
SELECT d.trace_id, $2 FROM json_to_recordset($1::json) AS d(trace_id text)
ON CONFLICT (trace_id) DO UPDATE SET due_us = excluded.due_us`;

/**
 * The services of new operations, up to the cap. $1: [service, span name, kind]; $2: the cap on
 * services. A listed operation's service is listed, so only new operations can bring a new service.
 */
export const INSERT_SERVICES = `
INSERT INTO services (service_name)
SELECT service FROM (
  SELECT service, row_number() OVER (ORDER BY service) AS n FROM (
    SELECT DISTINCT o.value->>0 AS service FROM jsonb_array_elements($1::jsonb) o
    WHERE NOT EXISTS (SELECT 1 FROM service_operations so WHERE so.service_name = o.value->>0
                        AND so.span_name = o.value->>1 AND so.span_kind = o.value->>2)
      AND NOT EXISTS (SELECT 1 FROM services s WHERE s.service_name = o.value->>0)) wanted) ranked
WHERE n <= $2 - (SELECT count(*) FROM services)
ORDER BY service
ON CONFLICT (service_name) DO NOTHING`;

/**
 * New operations of listed services, up to the cap per service. $1: [service, span name, kind]; $2:
 * the cap on operations per service.
 */
export const INSERT_OPERATIONS = `
WITH wanted AS (
  SELECT o.value->>0 AS service, o.value->>1 AS name, o.value->>2 AS kind,
    row_number() OVER (PARTITION BY o.value->>0 ORDER BY o.value->>1, o.value->>2) AS n
  FROM jsonb_array_elements($1::jsonb) o
  WHERE NOT EXISTS (SELECT 1 FROM service_operations so WHERE so.service_name = o.value->>0
                      AND so.span_name = o.value->>1 AND so.span_kind = o.value->>2)
    AND EXISTS (SELECT 1 FROM services s WHERE s.service_name = o.value->>0)
), room AS MATERIALIZED (
  SELECT service, $2 - (SELECT count(*) FROM service_operations so WHERE so.service_name = d.service) AS room
  FROM (SELECT DISTINCT service FROM wanted) d
)
INSERT INTO service_operations (service_name, span_name, span_kind)
SELECT w.service, w.name, w.kind FROM wanted w JOIN room r USING (service) WHERE w.n <= r.room
ORDER BY 1, 2, 3
ON CONFLICT (service_name, span_name, span_kind) DO NOTHING`;

/**
 * New remote services of listed services, up to the cap per service: a service past its cap has no
 * list to show them in. $1: [service, remote service]; $2: the cap per service.
 */
export const INSERT_REMOTE_SERVICES = `
WITH wanted AS (
  SELECT r.value->>0 AS service, r.value->>1 AS remote,
    row_number() OVER (PARTITION BY r.value->>0 ORDER BY r.value->>1) AS n
  FROM jsonb_array_elements($1::jsonb) r
  WHERE NOT EXISTS (SELECT 1 FROM remote_services o
                    WHERE o.service_name = r.value->>0 AND o.remote_service_name = r.value->>1)
    AND EXISTS (SELECT 1 FROM services s WHERE s.service_name = r.value->>0)
), room AS MATERIALIZED (
  SELECT service, $2 - (SELECT count(*) FROM remote_services o WHERE o.service_name = d.service) AS room
  FROM (SELECT DISTINCT service FROM wanted) d
)
INSERT INTO remote_services (service_name, remote_service_name)
SELECT w.service, w.remote FROM wanted w JOIN room r USING (service) WHERE w.n <= r.room
ORDER BY 1, 2
ON CONFLICT DO NOTHING`;

/** New values of the autocomplete keys, up to the cap per key. $1: [key, value]; $2: the cap. */
export const INSERT_AUTOCOMPLETE_VALUES = `
WITH wanted AS (
  SELECT v.value->>0 AS key, v.value->>1 AS value,
    row_number() OVER (PARTITION BY v.value->>0 ORDER BY v.value->>1) AS n
  FROM jsonb_array_elements($1::jsonb) v
  WHERE NOT EXISTS (SELECT 1 FROM autocomplete_values a WHERE a.key = v.value->>0 AND a.value = v.value->>1)
), room AS MATERIALIZED (
  SELECT key, $2 - (SELECT count(*) FROM autocomplete_values a WHERE a.key = d.key) AS room
  FROM (SELECT DISTINCT key FROM wanted) d
)
INSERT INTO autocomplete_values (key, value)
SELECT w.key, w.value FROM wanted w JOIN room r USING (key) WHERE w.n <= r.room
ORDER BY 1, 2
ON CONFLICT DO NOTHING`;

/**
 * The latency histograms' counts, appended, never updated: requests counting the same operation at
 * once take no lock on each other (lib/db/fold-counts.ts folds them). $1: [service, span name, kind,
 * minute, buckets, counts, errors], one row per operation and minute, the last three parallel arrays
 * of numbers (lib/db/span-batch.ts), read as PostgreSQL arrays from their JSON text; $2: the overflow name
 * (OVERFLOW_NAME). Run after the lists are written: a span's counts go to its operation when it is
 * listed, else to its service's other operations when the service is, else to the other services.
 * Rows that fall together under the overflow name are not summed here: every reader of the log, and
 * its fold, sums whatever rows it holds.
 */
export const APPEND_LATENCY_COUNTS = `
INSERT INTO operation_counts_log (service_name, span_name, span_kind, minute_us, buckets, counts, errors)
SELECT
  CASE WHEN d.operation_listed OR d.service_listed THEN d.service ELSE $2::text END,
  CASE WHEN d.operation_listed THEN d.name ELSE $2::text END,
  d.kind, d.minute_us, d.buckets, d.counts, d.errors
FROM (
  SELECT value->>0 AS service, value->>1 AS name, value->>2 AS kind, (value->>3)::bigint AS minute_us,
    translate(value->>4, '[]', '{}')::smallint[] AS buckets, translate(value->>5, '[]', '{}')::int[] AS counts,
    translate(value->>6, '[]', '{}')::int[] AS errors,
    EXISTS (SELECT 1 FROM service_operations o
            WHERE o.service_name = value->>0 AND o.span_name = value->>1) AS operation_listed,
    EXISTS (SELECT 1 FROM services s WHERE s.service_name = value->>0) AS service_listed
  FROM jsonb_array_elements($1::jsonb)) d`;

/**
 * What the caps left out (CappedNames, lib/db/cardinality.ts), read after the lists are written: the
 * new names of the request that are still not listed. $1: [service, span name, kind]; $2: [service,
 * remote service]; $3: [key, value].
 */
export const COUNT_CAPPED = `
SELECT
  (SELECT count(DISTINCT o.value->>0) FROM jsonb_array_elements($1::jsonb) o
   WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.service_name = o.value->>0))::int AS service,
  (SELECT count(*) FROM jsonb_array_elements($1::jsonb) o
   WHERE EXISTS (SELECT 1 FROM services s WHERE s.service_name = o.value->>0)
     AND NOT EXISTS (SELECT 1 FROM service_operations so WHERE so.service_name = o.value->>0
                       AND so.span_name = o.value->>1 AND so.span_kind = o.value->>2))::int AS operation,
  (SELECT count(*) FROM jsonb_array_elements($2::jsonb) r
   WHERE EXISTS (SELECT 1 FROM services s WHERE s.service_name = r.value->>0)
     AND NOT EXISTS (SELECT 1 FROM remote_services o
                     WHERE o.service_name = r.value->>0 AND o.remote_service_name = r.value->>1))::int
    AS remote_service,
  (SELECT count(*) FROM jsonb_array_elements($3::jsonb) v
   WHERE NOT EXISTS (SELECT 1 FROM autocomplete_values a
                     WHERE a.key = v.value->>0 AND a.value = v.value->>1))::int AS autocomplete_value`;
