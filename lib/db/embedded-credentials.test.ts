import { createHash, createHmac } from "node:crypto";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  credentialsPath,
  newCredentials,
  readCredentials,
  scramVerifier,
  writeCredentials,
} from "./embedded-credentials";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tracelight-credentials-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("the embedded PostgreSQL's credentials file", () => {
  it("reads back what was written, readable by its owner only, with no partial file left", async () => {
    const credentials = newCredentials();
    await writeCredentials(dir, credentials);

    expect(await readCredentials(dir)).toEqual(credentials);
    expect((await stat(credentialsPath(dir))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["tracelight-credentials.json"]);
  });

  it("is absent from a data directory made before it existed", async () => {
    expect(await readCredentials(dir)).toBeUndefined();
  });

  it("names the file when it does not hold both logins", async () => {
    await writeFile(credentialsPath(dir), JSON.stringify({ superuser: { user: "postgres", password: "x" } }));
    await expect(readCredentials(dir)).rejects.toThrow(credentialsPath(dir));
  });

  it("gives each data directory passwords of its own, long and URL-safe", () => {
    const [first, second] = [newCredentials(), newCredentials()];
    expect(first.superuser.password).not.toBe(second.superuser.password);
    expect(first.application.password).not.toBe(first.superuser.password);
    for (const login of [first.superuser, first.application]) expect(login.password).toMatch(/^[\w-]{43}$/);
  });
});

describe("scramVerifier", () => {
  it("verifies the client proof of RFC 7677's example exchange (user, pencil) as a server does", () => {
    const verifier = scramVerifier("pencil", Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"), 4096);
    const [, iterations, salt, storedKey, serverKey] =
      /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier) ?? [];
    expect([iterations, salt]).toEqual(["4096", "W22ZaJ0SNY7soEsUEjb6gQ=="]);

    const nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    const authMessage = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${nonce},s=${salt},i=4096,c=biws,r=${nonce}`;
    const proof = Buffer.from("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "base64");
    const clientSignature = createHmac("sha256", Buffer.from(storedKey ?? "", "base64"))
      .update(authMessage)
      .digest();
    const clientKey = proof.map((byte, i) => byte ^ (clientSignature[i] ?? 0));
    expect(createHash("sha256").update(clientKey).digest("base64")).toBe(storedKey);
    const serverSignature = createHmac("sha256", Buffer.from(serverKey ?? "", "base64"))
      .update(authMessage)
      .digest("base64");
    expect(serverSignature).toBe("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  });

  it("salts each verifier afresh", () => {
    expect(scramVerifier("pencil")).not.toBe(scramVerifier("pencil"));
  });
});
