import { describe, expect, it, vi } from "vitest";
import { sealer } from "./sealed";

const secret = new TextEncoder().encode("a secret of at least thirty-two characters");

describe("sealer", () => {
  it("opens what it sealed, expiry and all", async () => {
    const { seal, unseal } = sealer(secret, "session");
    const opened = await unseal(await seal({ who: "alice" }, 60));
    expect(opened?.who).toBe("alice");
    expect((opened?.exp ?? 0) - (opened?.iat ?? 0)).toBe(60);
  });

  it("hides the payload from the browser", async () => {
    const sealed = await sealer(secret, "session").seal({ who: "alice" }, 60);
    const parts = sealed.split(".").map((part) => Buffer.from(part, "base64url").toString("latin1"));
    expect(parts.join("")).not.toContain("alice");
  });

  it.each([
    ["another purpose's value", async () => sealer(secret, "sign-in").seal({ who: "alice" }, 60)],
    [
      "another secret's value",
      async () => sealer(new TextEncoder().encode("x".repeat(40)), "session").seal({ who: "alice" }, 60),
    ],
    [
      "a value with one character changed",
      async () => flipOne(await sealer(secret, "session").seal({ who: "alice" }, 60)),
    ],
    ["a signed but unencrypted JWT", async () => "eyJhbGciOiJub25lIn0.eyJ3aG8iOiJhbGljZSJ9."],
    ["garbage", async () => "not a token"],
  ])("refuses %s", async (_, make) => {
    expect(await sealer(secret, "session").unseal(await make())).toBeUndefined();
  });

  it("refuses a value past its lifetime", async () => {
    const { seal, unseal } = sealer(secret, "session");
    const sealed = await seal({ who: "alice" }, 60);
    vi.useFakeTimers({ now: Date.now() + 61_000 });
    try {
      expect(await unseal(sealed)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});

function flipOne(sealed: string): string {
  const at = sealed.lastIndexOf(".") - 5;
  return `${sealed.slice(0, at)}${sealed[at] === "A" ? "B" : "A"}${sealed.slice(at + 1)}`;
}
