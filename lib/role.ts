import type { Access } from "./access/access";

/**
 * What one Tracelight instance does (TRACELIGHT_ROLE), so that several can share one database and its
 * read replicas (docs/scaling.md). One table, read by server.ts at start and by the access check of
 * every route and port, so no route or port decides its role on its own:
 *
 *   role          migrates   prepares     competes to    takes spans   serves reads, UI,
 *                 at start   partitions   lead the jobs  (ingest,      health, /metrics
 *                                                        upload, UDP)
 *   all           yes        yes          yes            yes           yes
 *   ingest        yes        yes          no             yes           yes
 *   maintenance   yes        yes          yes            no            yes
 *   query         no: waits  no           no             no            yes
 *
 * The jobs (storage maintenance, link derivation, count folding) run on one instance at a time, the
 * leader (lib/db/leader.ts). Every role serves reads: they cost nothing until asked, a small
 * deployment needs no separate reader, and an ingest instance's upload page is a page. A query
 * instance runs on a read replica as a role that can only read, so nothing it does at start or after
 * writes: it waits for the schema the primary's instances migrate (awaitMigrations, lib/db/migrate.ts).
 */
export const ROLES = ["all", "ingest", "query", "maintenance"] as const;
export type Role = (typeof ROLES)[number];

export interface RolePlan {
  /** Applies prisma/migrations and prepares the daily partitions at start; else waits for the schema. */
  migrates: boolean;
  /** Competes for leadership (lib/db/leader.ts) and, while leader, runs the background jobs. */
  leads: boolean;
  /** Takes spans: the ingest routes and uploads (access `ingest`, `upload`), OTLP/gRPC, the UDP agent ports. */
  ingests: boolean;
}

export const ROLE_PLANS: Record<Role, RolePlan> = {
  all: { migrates: true, leads: true, ingests: true },
  ingest: { migrates: true, leads: false, ingests: true },
  maintenance: { migrates: true, leads: true, ingests: false },
  query: { migrates: false, leads: false, ingests: false },
};

/** Whether an instance of `role` serves routes needing `access`: everyone reads, only some take spans. */
export function roleServes(role: Role, access: Access): boolean {
  return access === "ingest" || access === "upload" ? ROLE_PLANS[role].ingests : true;
}

/** Why an instance of `role` refuses spans: its role, and where to send them instead. */
export function refusalByRole(role: Role): string {
  const serves = role === "query" ? "it serves reads only" : "it runs background jobs and serves reads";
  return `this Tracelight instance's role is ${role}: ${serves}; send spans to an ingest instance`;
}
