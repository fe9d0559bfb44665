import { describe, expect, it, vi } from "vitest";
import { metrics } from "../observe/metrics";
import type { Postmaster, PostmasterExit } from "./embedded-postmaster";
import { type RestartPolicy, supervise } from "./embedded-supervisor";

/**
 * The restart policy, on servers that die when told to: a real PostgreSQL dies, restarts and gives
 * up in test/faults/embedded-restart.test.ts, at the real policy's pace.
 */
interface TestServer extends Postmaster {
  die(): void;
  stop: ReturnType<typeof vi.fn<() => Promise<void>>>;
}

let nextPid = 1000;

function server(readiness: "ready" | "fails" | "never" = "ready"): TestServer {
  let exit: (exit: PostmasterExit) => void = () => {};
  const exited = new Promise<PostmasterExit>((resolve) => (exit = resolve));
  const ready =
    readiness === "ready"
      ? Promise.resolve()
      : readiness === "fails"
        ? Promise.reject(new Error("exited (exit code 1) before accepting connections: disk full"))
        : exited.then(() => Promise.reject(new Error("stopped before it was ready")));
  ready.catch(() => undefined);
  return {
    pid: nextPid++,
    ready,
    exited,
    recentOutput: () => [],
    die: () => exit({ code: null, signal: "SIGKILL" }),
    stop: vi.fn(async () => exit({ code: 0, signal: null })),
  };
}

const QUICK: RestartPolicy = { delaysMs: [0, 20, 40], stableMs: 10_000 };

const restarts = async () => (await metrics.embeddedRestarts.get()).values[0]?.value ?? 0;

describe("supervise", () => {
  it("restarts a dead server, counts it, and watches the new one", async () => {
    const before = await restarts();
    const first = server();
    const second = server();
    const third = server();
    const restart = vi.fn().mockResolvedValueOnce(second).mockResolvedValueOnce(third);
    const supervisor = supervise(first, restart, "/data", {}, QUICK);
    first.die();
    await vi.waitFor(() => expect(restart).toHaveBeenCalledTimes(1));
    await vi.waitFor(async () => expect(await restarts()).toBe(before + 1));
    second.die();
    await vi.waitFor(async () => expect(await restarts()).toBe(before + 2));
    await supervisor.stop();
    expect(third.stop).toHaveBeenCalled();
  });

  it("gives up once after every attempt failed, with the last reason, leaving nothing running", async () => {
    const failed = [server("fails"), server("fails"), server("fails")];
    const restart = vi.fn();
    for (const attempt of failed) restart.mockResolvedValueOnce(attempt);
    const onGiveUp = vi.fn();
    const first = server();
    supervise(first, restart, "/data/postgres", { onGiveUp }, QUICK);
    first.die();
    await vi.waitFor(() => expect(onGiveUp).toHaveBeenCalledTimes(1));
    expect(restart).toHaveBeenCalledTimes(3);
    expect(onGiveUp.mock.calls[0]?.[0].message).toMatch(
      /could not be restarted \(3 attempts over 0.06 s; last: .*disk full\).*\/data\/postgres/,
    );
    for (const attempt of failed) expect(attempt.stop).toHaveBeenCalled();
  });

  it("counts on after a restarted server dies soon, and starts afresh after it stayed up", async () => {
    const once: RestartPolicy = { delaysMs: [0], stableMs: 100 };
    const [first, second, third, fourth] = [server(), server(), server(), server()];
    const restart = vi.fn().mockResolvedValueOnce(second).mockResolvedValueOnce(third);
    const onGiveUp = vi.fn();
    supervise(first, restart, "/data", { onGiveUp }, once);
    first.die();
    await vi.waitFor(() => expect(restart).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 150));
    second.die(); // up longer than stableMs: a fresh attempt
    await vi.waitFor(() => expect(restart).toHaveBeenCalledTimes(2));
    restart.mockResolvedValueOnce(fourth);
    third.die(); // at once: its one attempt is spent
    await vi.waitFor(() => expect(onGiveUp).toHaveBeenCalledTimes(1));
    expect(restart).toHaveBeenCalledTimes(2);
  });

  it("restarts nothing once shutdown has begun", async () => {
    const shutdown = new AbortController();
    const restart = vi.fn();
    const onGiveUp = vi.fn();
    const first = server();
    supervise(first, restart, "/data", { signal: shutdown.signal, onGiveUp }, QUICK);
    shutdown.abort();
    first.die();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(restart).not.toHaveBeenCalled();
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it("stops at once during a back-off wait, starting nothing more", async () => {
    const restart = vi.fn().mockResolvedValueOnce(server("fails"));
    const first = server();
    const supervisor = supervise(first, restart, "/data", {}, { delaysMs: [0, 60_000], stableMs: 10_000 });
    first.die();
    await vi.waitFor(() => expect(restart).toHaveBeenCalledTimes(1));
    const stoppedAt = Date.now();
    await supervisor.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(restart).toHaveBeenCalledTimes(1);
  });

  it("stops a server that was being started when stop came", async () => {
    const starting = server("never");
    let spawned: (postmaster: Postmaster) => void = () => {};
    const restart = vi.fn(() => new Promise<Postmaster>((resolve) => (spawned = resolve)));
    const onGiveUp = vi.fn();
    const first = server();
    const supervisor = supervise(first, restart, "/data", { onGiveUp }, QUICK);
    first.die();
    await vi.waitFor(() => expect(restart).toHaveBeenCalledTimes(1));
    const stopped = supervisor.stop();
    spawned(starting);
    await stopped;
    expect(starting.stop).toHaveBeenCalled();
    expect(onGiveUp).not.toHaveBeenCalled();
  });
});
