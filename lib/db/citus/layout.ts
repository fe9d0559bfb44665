/**
 * Where each table of prisma/migrations lives on a Citus cluster (deploy/citus/distribute.sql does
 * what this says; lib/db/citus/app-sql.test.ts checks that it does, and that every table of the
 * migrations is placed).
 *
 * - `distributed`: hash-distributed by trace_id, all in one colocation group with `traces`, so a
 *   trace's summary, spans and link shares are on one shard and joins on trace_id stay on it.
 * - `reference`: the lookup lists, copied to every node (and the coordinator), so any node joins them
 *   locally; the caps (README, "Bounded names") keep them small.
 * - `local`: plain tables on the coordinator. The aggregates are keyed by time and name, not by trace:
 *   bounded by names × buckets × retained hours whatever the span rate, written by one process at a
 *   time (the folder, the link deriver) and read by time window across every name. Distributed, each
 *   read would fan out to every shard for a few thousand rows; on the coordinator it is one index scan.
 *   `graph_nodes` goes with the graph it names.
 *   `link_queue` is trace-keyed but a work queue: its reader takes the oldest due rows with
 *   `FOR UPDATE SKIP LOCKED`, which Citus runs only on one shard, and its rows live seconds.
 */
export type Placement = "distributed" | "reference" | "local";

export const CITUS_LAYOUT: Record<string, Placement> = {
  traces: "distributed",
  spans: "distributed",
  trace_links: "distributed",
  trace_paths: "distributed",
  services: "reference",
  service_operations: "reference",
  remote_services: "reference",
  autocomplete_values: "reference",
  link_queue: "local",
  operation_latency: "local",
  operation_minutes: "local",
  operation_counts_log: "local",
  dependency_links: "local",
  service_paths: "local",
  graph_nodes: "local",
};

/** The column every distributed table is distributed by. */
export const DISTRIBUTION_COLUMN = "trace_id";

/** Whether a table is distributed; spans' partitions (lib/db/partitions.ts) are, as spans is. */
export function isDistributed(table: string): boolean {
  return CITUS_LAYOUT[table] === "distributed" || /^spans_(default|d\d{8})$/.test(table);
}
