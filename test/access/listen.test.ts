import { spawn } from "node:child_process";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/net/free-port";
import { startCommand } from "../start-command";
import { PEER_PORT_VARIABLES } from "../test-server";

/**
 * Where `npm start` listens with no address set: loopback only, the main port and the peers' alike,
 * so a laptop's Tracelight is not on the café's network.
 */
const outward = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === "IPv4" && !address.internal)?.address;

const databaseName = `tracelight_listen_${process.pid}`;
const adminUrl = process.env.DATABASE_URL ?? "";

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

async function query(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

describe.skipIf(outward === undefined || adminUrl === "")("with no TRACELIGHT_HOST", () => {
  let port: number;
  let otlpPort: number;
  let stop = async () => {};

  beforeAll(async () => {
    await query(`CREATE DATABASE "${databaseName}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    [port, otlpPort] = [await freePort(), await freePort()];
    const { TRACELIGHT_HOST: _host, HOST: _deprecated, ...parentEnv } = process.env;
    const child = spawn(startCommand.command, startCommand.args, {
      cwd: startCommand.cwd,
      env: {
        ...parentEnv,
        ...Object.fromEntries(PEER_PORT_VARIABLES.map((name) => [name, "off"])),
        TRACELIGHT_OTLP_HTTP_PORT: String(otlpPort),
        PORT: String(port),
        DATABASE_URL: url.toString(),
      },
      stdio: "ignore",
    });
    stop = async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    };
    // The peers' ports open after the main one.
    const listening = async () => (await reachable("127.0.0.1", port)) && reachable("127.0.0.1", otlpPort);
    for (let attempt = 0; attempt < 240 && !(await listening()); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(() => stop());

  it("listens on loopback, not on the machine's other addresses", async () => {
    expect(await reachable("127.0.0.1", port)).toBe(true);
    expect(await reachable("127.0.0.1", otlpPort)).toBe(true);
    expect(await reachable(outward as string, port)).toBe(false);
    expect(await reachable(outward as string, otlpPort)).toBe(false);
  });
});
