import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEADER_LOCK_ID, type Leadership, leadWhenElected } from "../../lib/db/leader";

/**
 * Leader election (lib/db/leader.ts) in one process, on a database of its own: contenders that try
 * every 100 ms, each counting its jobs started and stopped. The leader's lock connection is cut from
 * the server's side (pg_terminate_backend, as a restart or a network loss would), which must stop its
 * jobs before anyone else runs them.
 */
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const NAME = `tracelight_leader_${process.pid}_${Date.now()}`;
const BOUND_MS = 10_000;

let url: string;
const contenders: { leadership: Leadership; started: number; stopped: number }[] = [];

async function sql<Row extends pg.QueryResultRow>(connection: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

function contend() {
  const contender = { leadership: undefined as unknown as Leadership, started: 0, stopped: 0 };
  contender.leadership = leadWhenElected(
    url,
    () => {
      contender.started++;
      return async () => {
        contender.stopped++;
      };
    },
    { retryMs: 100 },
  );
  contenders.push(contender);
  return contender;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${BOUND_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const leading = () => contenders.filter(({ leadership }) => leadership.leading());
/** Jobs running now, counted from the jobs' own starts and stops: never more than one. */
const running = () => contenders.reduce((sum, { started, stopped }) => sum + started - stopped, 0);

beforeAll(async () => {
  await sql(ADMIN_URL, `CREATE DATABASE "${NAME}"`);
  const parsed = new URL(ADMIN_URL);
  parsed.pathname = `/${NAME}`;
  url = parsed.toString();
});

afterAll(async () => {
  for (const { leadership } of contenders) await leadership.stop();
  await sql(ADMIN_URL, `DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
});

describe("leader election", () => {
  it("elects one of three, and hands over when the leader's session ends", async () => {
    for (let i = 0; i < 3; i++) contend();
    await until(() => leading().length === 1, "a leader");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(leading()).toHaveLength(1);
    expect(running()).toBe(1);

    const [first] = leading();
    const pids = await sql<{ pid: number }>(
      url,
      `SELECT pid FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND ((classid::bigint << 32) | objid::bigint) = $1`,
      [LEADER_LOCK_ID],
    );
    expect(pids).toHaveLength(1);
    await sql(url, "SELECT pg_terminate_backend($1)", [pids[0]?.pid]);
    await until(() => first?.stopped === 1, "the cut-off leader stopping its jobs");
    await until(() => leading().length === 1, "a new leader");
    expect(running()).toBe(1);
  });

  it("frees the lock on stop, for another to take", async () => {
    const [current] = leading();
    await current?.leadership.stop();
    expect(current?.leadership.leading()).toBe(false);
    await until(() => leading().length === 1, "a leader after the stop");
    expect(running()).toBe(1);
  });
});
