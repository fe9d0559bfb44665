import { describe, expect, it } from "vitest";
import { appendTag } from "./append-tag";

describe("appendTag", () => {
  it.each([
    ["to no tags", "", "service.version=2.1", "service.version=2.1"],
    ["after the others", "tier=gold error", "service.version=2.1", "tier=gold error service.version=2.1"],
    ["once only", "service.version=2.1", "service.version=2.1", "service.version=2.1"],
    ["quoted when its value has a space", "", 'note="two words"', 'note="two words"'],
    ["beside a bare key of the same name", "region", "region=eu", "region region=eu"],
    ["after tags that cannot be read, as written", 'note="open', "a=b", 'note="open a=b'],
    ["as an exclusion beside the same term asked for", "v=2", "!v=2", "v=2 !v=2"],
  ])("appends %s", (_, tags, tag, expected) => expect(appendTag(tags, tag)).toBe(expected));
});
