import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSessionSecret, SESSION_SECRET_FILE } from "./session-secret";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tracelight-secret-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("loadSessionSecret", () => {
  it("takes the given secret and writes nothing", async () => {
    const secret = loadSessionSecret("s".repeat(32), path.join(dir, "data"));
    expect(new TextDecoder().decode(secret)).toBe("s".repeat(32));
    await expect(stat(path.join(dir, "data"))).rejects.toThrow(/ENOENT/);
  });

  it("makes one in the data directory, readable by its owner only, and keeps it", async () => {
    const dataDir = path.join(dir, "data");
    const first = loadSessionSecret(undefined, dataDir);
    expect(first.byteLength).toBeGreaterThanOrEqual(32);
    expect((await stat(path.join(dataDir, SESSION_SECRET_FILE))).mode & 0o777).toBe(0o600);
    expect(loadSessionSecret(undefined, dataDir)).toEqual(first);
  });

  it("makes another in another data directory", () => {
    expect(loadSessionSecret(undefined, path.join(dir, "a"))).not.toEqual(
      loadSessionSecret(undefined, path.join(dir, "b")),
    );
  });

  it("refuses a file that holds no secret", async () => {
    await writeFile(path.join(dir, SESSION_SECRET_FILE), "short", { mode: 0o600 });
    expect(() => loadSessionSecret(undefined, dir)).toThrow(/holds no session secret/);
  });
});
