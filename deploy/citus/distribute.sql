-- Tracelight on Citus: run once on the coordinator, as a superuser, after the first Tracelight
-- instance has started against the coordinator (it applies prisma/migrations at start) and before
-- any spans are sent. deploy/compose.yaml's `distribute` service runs it. The placement of every
-- table is lib/db/citus/layout.ts's, and lib/db/citus/app-sql.test.ts checks this file against it.
\set ON_ERROR_STOP on

CREATE EXTENSION IF NOT EXISTS citus;

-- The coordinator is a node too: it keeps a copy of the reference tables, so that its local tables
-- (the aggregates) join them without a network hop.
SELECT citus_set_coordinator_host('coordinator', 5432);
SELECT citus_add_node('worker-1', 5432);
SELECT citus_add_node('worker-2', 5432);

-- Colocated tables need one type and collation for their distribution column: traces and spans
-- compare ids bytewise (COLLATE "C"), the link shares were made with the default collation.
ALTER TABLE trace_links ALTER COLUMN trace_id TYPE text COLLATE "C";
ALTER TABLE trace_paths ALTER COLUMN trace_id TYPE text COLLATE "C";

-- Distributed by trace_id, one colocation group: a trace's summary, spans and link shares share a
-- shard, so every trace-scoped read and every join on trace_id runs on one node. 32 shards let a
-- cluster grow to 32 workers by moving shards (citus_rebalance_start) without re-sharding.
SELECT create_distributed_table('traces', 'trace_id', shard_count => 32);
-- spans is partitioned by day: distributing the parent distributes its partitions, and a partition
-- attached later (lib/db/partitions.ts, ALTER TABLE spans ATTACH PARTITION) is distributed on
-- attach, colocated with its parent. Every unique key of spans starts with trace_id, as Citus needs.
SELECT create_distributed_table('spans', 'trace_id', colocate_with => 'traces');
SELECT create_distributed_table('trace_links', 'trace_id', colocate_with => 'traces');
SELECT create_distributed_table('trace_paths', 'trace_id', colocate_with => 'traces');

-- The lookup lists the search form and the Zipkin/Jaeger query APIs read: small (capped, README
-- "Bounded names"), copied to every node.
SELECT create_reference_table('services');
SELECT create_reference_table('service_operations');
SELECT create_reference_table('remote_services');
SELECT create_reference_table('autocomplete_values');

-- Left on the coordinator as plain tables (nothing to run): link_queue, operation_latency,
-- operation_minutes, operation_counts_log, dependency_links, service_paths, graph_nodes.
-- They are keyed by time and name (or, for link_queue, a queue of seconds-old rows taken with
-- FOR UPDATE SKIP LOCKED): bounded whatever the span rate, written by one process at a time and read
-- by time window across every name, which on the coordinator is one index scan instead of a fan-out.
