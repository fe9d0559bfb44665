import { describe, expect, it } from "vitest";
import { formatBytes } from "./bytes";

describe("formatBytes", () => {
  it.each([
    ["an empty file", 0, "0 B"],
    ["bytes stay whole", 812, "812 B"],
    ["just under a kibibyte", 1023, "1023 B"],
    ["one kibibyte", 1024, "1 KiB"],
    ["three significant figures", 1536, "1.5 KiB"],
    ["the default body limit", 16 * 1024 * 1024, "16 MiB"],
    ["a little past the limit", 16 * 1024 * 1024 + 1, "16 MiB"],
    ["a large Jaeger export", 123_456_789, "118 MiB"],
    ["gibibytes", 2.25 * 1024 ** 3, "2.25 GiB"],
    ["beyond the largest unit", 3 * 1024 ** 5, "3070 TiB"],
    ["a negative size is nothing", -5, "0 B"],
  ])("%s: %i bytes is %s", (_name, bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
