import { describe, expect, it } from "vitest";
import { createHostCheck, hostnameOf } from "./hosts";

describe("createHostCheck", () => {
  const allowed = createHostCheck(["tracelight.example", ".corp.example", "TRAILING.example."], "box.lan");

  it.each([
    ["localhost with a port", "localhost:3000"],
    ["a loopback subdomain (RFC 6761)", "app.localhost:3000"],
    ["an IPv4 address", "127.0.0.1:9411"],
    ["another machine's IPv4 address", "10.1.2.3"],
    ["an IPv6 address", "[::1]:3000"],
    ["the machine's own name", "box.lan:3000"],
    ["the machine's short name", "box"],
    ["a listed name, in any case", "TraceLight.Example:3000"],
    ["a listed name, fully qualified", "tracelight.example.:3000"],
    ["a listed name written with a trailing dot", "trailing.example"],
    ["a subdomain of a listed .domain", "ui.corp.example"],
    ["the listed .domain itself", "corp.example"],
  ])("allows %s", (_, host) => {
    expect(allowed(host)).toBe(true);
  });

  it.each([
    ["a rebound name", "attacker.example:3000"],
    ["a name ending like a listed one", "eviltracelight.example"],
    ["a name ending like a listed .domain", "notcorp.example"],
    ["a listed name as a prefix", "tracelight.example.attacker.example"],
    ["localhost as a prefix", "localhost.attacker.example"],
    ["an empty Host", ""],
    ["a Host with a path", "localhost/evil"],
    ["a Host with credentials", "attacker.example@localhost"],
    ["a Host with an impossible port", "localhost:99999"],
  ])("refuses %s", (_, host) => {
    expect(allowed(host)).toBe(false);
  });

  it("allows any name with *", () => {
    expect(createHostCheck(["*"], "box")("anything.example")).toBe(true);
  });
});

describe("hostnameOf", () => {
  it.each([
    ["Example.COM:8080", "example.com"],
    ["[::1]:3000", "::1"],
    ["127.1", "127.0.0.1"],
    ["name.", "name"],
  ])("%s is %s", (header, expected) => {
    expect(hostnameOf(header)).toBe(expected);
  });
});
