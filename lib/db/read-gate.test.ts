import { describe, expect, it } from "vitest";
import { RequestError } from "../errors";
import { ReadGate } from "./read-gate";

const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

describe("ReadGate", () => {
  it("runs at most `concurrent` reads at once, the next in order as one ends", async () => {
    const gate = new ReadGate(2, 10);
    const started: number[] = [];
    const ends = [deferred(), deferred(), deferred(), deferred()];
    const reads = ends.map((end, i) =>
      gate.run(async () => {
        started.push(i);
        await end.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    ends[1]?.resolve();
    await reads[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const end of ends) end.resolve();
    expect(await Promise.all(reads)).toEqual([0, 1, 2, 3]);
  });

  it("turns a read away with a 503 once `waiting` reads already wait", async () => {
    const gate = new ReadGate(1, 1);
    const end = deferred();
    const first = gate.run(() => end.promise);
    const second = gate.run(async () => "second");
    await expect(gate.run(async () => "third")).rejects.toThrow(RequestError);
    await expect(gate.run(async () => "third")).rejects.toMatchObject({ status: 503 });
    end.resolve();
    await first;
    expect(await second).toBe("second");
    expect(await gate.run(async () => "later")).toBe("later");
  });

  it("frees the slot when a read fails", async () => {
    const gate = new ReadGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(async () => "next")).toBe("next");
  });
});
