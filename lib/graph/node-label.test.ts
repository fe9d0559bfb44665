import { describe, expect, it } from "vitest";
import { boxLabelLines, LABEL_LINE_PX, labelLines, labelRoom, labelZoom } from "./node-label";

describe("labelLines", () => {
  it.each<[string, string, number, string[]]>([
    ["a short name stays one line", "api", 22, ["api"]],
    [
      "breaks after a separator",
      "checkout-payments-reconciliation-worker",
      22,
      ["checkout-payments-", "reconciliation-worker"],
    ],
    [
      "cuts hard where no separator falls late enough",
      "abcdefghijklmnopqrstuvwxyz",
      10,
      ["abcdefghij", "klmnopqrst", "uvwxyz"],
    ],
    ["breaks at dots and slashes", "postgresql/orders.archive", 12, ["postgresql/", "orders.", "archive"]],
  ])("%s", (_name, name, width, lines) => {
    expect(labelLines(name, width)).toEqual(lines);
  });

  it("never loses a character of a long name", () => {
    const name = `svc-${"x".repeat(60)}-${"reconciliation-".repeat(10)}end`;
    const lines = labelLines(name);
    expect(lines.join("")).toBe(name);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(22);
  });
});

describe("boxLabelLines", () => {
  it.each<[string, string, string[]]>([
    ["a name that fits is whole", "GET /orders", ["GET /orders"]],
    ["a name of two lines is whole", "checkout-payments-refund", ["checkout-", "payments-", "refund"]],
    [
      "a longer one ends in an ellipsis on its last line",
      "SELECT id, total FROM orders WHERE customer = $1",
      ["SELECT id, ", "total FROM ", "orders…"],
    ],
  ])("%s", (_name, name, lines) => {
    expect(boxLabelLines(name, 12, 3)).toEqual(lines);
  });

  it("reads no more of a huge name than it shows", () => {
    const lines = boxLabelLines("x".repeat(1_000_000), 30, 2);
    expect(lines).toEqual(["x".repeat(30), `${"x".repeat(29)}…`]);
  });
});

describe("labelRoom", () => {
  it("is as wide as the widest line and as tall as the most lines", () => {
    const room = labelRoom(["api", "checkout-payments-reconciliation-worker"]);
    expect(room.height).toBe(2 * LABEL_LINE_PX);
    expect(room.width).toBeGreaterThan(labelRoom(["api"]).width);
    expect(labelRoom([])).toEqual({ width: 0, height: 0 });
  });
});

describe("labelZoom", () => {
  it.each<[number, number, "all" | "hover"]>([
    [2, 1, "all"],
    [1, 1, "all"],
    [0.8, 1.25, "all"],
    [0.75, 1 / 0.75, "all"],
    [0.5, 1 / 0.75, "hover"],
    [0, 1, "all"],
    [Number.NaN, 1, "all"],
  ])("at zoom %s labels scale by %s and show %s", (k, scale, shown) => {
    expect(labelZoom(k)).toEqual({ scale, shown });
  });
});
