import { describe, expect, it } from "vitest";
import type { Access } from "./access/access";
import { readConfig } from "./config";
import { ROLE_PLANS, type Role, refusalByRole, roleServes } from "./role";

describe("what each role runs", () => {
  it.each<[Role, { migrates: boolean; leads: boolean; ingests: boolean }]>([
    ["all", { migrates: true, leads: true, ingests: true }],
    ["ingest", { migrates: true, leads: false, ingests: true }],
    ["maintenance", { migrates: true, leads: true, ingests: false }],
    ["query", { migrates: false, leads: false, ingests: false }],
  ])("%s", (role, plan) => {
    expect(ROLE_PLANS[role]).toEqual(plan);
  });
});

describe("which routes each role serves", () => {
  const accesses: Access[] = ["ingest", "upload", "read", "public"];
  it.each<[Role, Access[]]>([
    ["all", ["ingest", "upload", "read", "public"]],
    ["ingest", ["ingest", "upload", "read", "public"]],
    ["maintenance", ["read", "public"]],
    ["query", ["read", "public"]],
  ])("%s serves %j", (role, served) => {
    expect(accesses.filter((access) => roleServes(role, access))).toEqual(served);
  });

  it("names the role and where spans go instead", () => {
    expect(refusalByRole("query")).toBe(
      "this Tracelight instance's role is query: it serves reads only; send spans to an ingest instance",
    );
    expect(refusalByRole("maintenance")).toMatch(/role is maintenance: .*send spans to an ingest instance/);
  });
});

describe("TRACELIGHT_ROLE and DATABASE_READ_URL", () => {
  const url = "postgresql://tracelight@db.example/tracelight";

  it("is all by default, reading where it writes", () => {
    const config = readConfig({});
    expect(config.TRACELIGHT_ROLE).toBe("all");
    expect(config.DATABASE_READ_URL).toBeUndefined();
  });

  it.each(["ingest", "query", "maintenance"])("takes %s with DATABASE_URL", (role) => {
    expect(readConfig({ TRACELIGHT_ROLE: role, DATABASE_URL: url }).TRACELIGHT_ROLE).toBe(role);
  });

  it.each([
    ["an unknown role", { TRACELIGHT_ROLE: "reader", DATABASE_URL: url }, /TRACELIGHT_ROLE/],
    [
      "a role without DATABASE_URL",
      { TRACELIGHT_ROLE: "query" },
      /DATABASE_URL: is needed with TRACELIGHT_ROLE=query/,
    ],
    [
      "a read URL without DATABASE_URL",
      { DATABASE_READ_URL: url },
      /DATABASE_READ_URL: is set without DATABASE_URL/,
    ],
    [
      "a read URL that is no postgres URL",
      { DATABASE_URL: url, DATABASE_READ_URL: "mysql://x" },
      /DATABASE_READ_URL/,
    ],
  ])("refuses %s, naming the variable", (_, env, reason) => {
    expect(() => readConfig(env)).toThrow(reason);
  });
});
