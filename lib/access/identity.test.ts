import { describe, expect, it } from "vitest";
import { admit } from "./identity";

const alice = { sub: "u-1", email: "Alice@Example.com", email_verified: true, groups: ["staff", "sre"] };

describe("admit", () => {
  it("admits anyone with a subject when no rule is set, named by e-mail", () => {
    expect(admit(alice, "groups", {})).toEqual({
      ok: true,
      identity: { subject: "u-1", name: "alice@example.com", email: "alice@example.com", groups: [] },
    });
  });

  it.each([
    ["the e-mail address", alice, "alice@example.com"],
    ["the user name without an address", { sub: "u-2", preferred_username: "bob" }, "bob"],
    ["the subject without either", { sub: "u-3" }, "u-3"],
    [
      "the user name when the address is unverified",
      { ...alice, email_verified: false, preferred_username: "al" },
      "al",
    ],
  ])("names a person by %s", (_, claims, name) => {
    const admission = admit(claims, "groups", {});
    expect(admission.ok && admission.identity.name).toBe(name);
  });

  it.each([
    ["an allowed domain", alice, { emailDomains: ["example.com"] }, true],
    ["one of several domains", alice, { emailDomains: ["other.org", "example.com"] }, true],
    ["another domain", alice, { emailDomains: ["other.org"] }, false],
    [
      "a subdomain of an allowed domain",
      { ...alice, email: "a@eu.example.com" },
      { emailDomains: ["example.com"] },
      false,
    ],
    ["an unverified address", { ...alice, email_verified: false }, { emailDomains: ["example.com"] }, false],
    ["no address", { sub: "u-2" }, { emailDomains: ["example.com"] }, false],
    ["an allowed group", alice, { groups: ["sre"] }, true],
    ["no allowed group", alice, { groups: ["finance"] }, false],
    ["a group claim that is one string", { ...alice, groups: "sre" }, { groups: ["sre"] }, true],
    ["no group claim", { sub: "u-2" }, { groups: ["sre"] }, false],
    ["the domain and a group both", alice, { emailDomains: ["example.com"], groups: ["sre"] }, true],
    ["the domain but no group", alice, { emailDomains: ["example.com"], groups: ["finance"] }, false],
    ["empty lists, as no rule", alice, { emailDomains: [], groups: [] }, true],
  ])("%s", (_, claims, rule, admitted) => {
    expect(admit(claims, "groups", rule).ok).toBe(admitted);
  });

  it("says why, naming the person and their domain, never the allowed ones", () => {
    const admission = admit({ ...alice, email: "mallory@elsewhere.org" }, "groups", {
      emailDomains: ["example.com"],
    });
    expect(admission).toEqual({
      ok: false,
      reason: "mallory@elsewhere.org: e-mail addresses at elsewhere.org may not read here",
    });
  });

  it("keeps only the groups that admitted the person, from the configured claim", () => {
    const many = { sub: "u-1", roles: Array.from({ length: 500 }, (_, i) => `group-${i}`) };
    const admission = admit(many, "roles", { groups: ["group-7", "absent"] });
    expect(admission.ok && admission.identity.groups).toEqual(["group-7"]);
  });

  it("refuses claims without a subject", () => {
    expect(admit({ email: "a@example.com" }, "groups", {}).ok).toBe(false);
  });

  it("cuts long names", () => {
    const admission = admit({ sub: "x".repeat(10_000) }, "groups", {});
    expect(admission.ok && admission.identity.subject.length).toBe(256);
  });
});
