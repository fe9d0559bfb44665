import { describe, expect, it } from "vitest";
import {
  sentPercent,
  summariseUploads,
  type Upload,
  type UploadAction,
  uploadStateLabel,
  uploadsReducer,
  uploadsToStart,
} from "./upload-queue";

const LIMIT = 1000;

function run(...actions: UploadAction[]): Upload[] {
  return actions.reduce(uploadsReducer, [] as Upload[]);
}

const added = (...sizes: number[]): UploadAction => ({
  type: "added",
  files: sizes.map((sizeBytes, id) => ({ id, name: `trace-${id}.json`, sizeBytes })),
  limitBytes: LIMIT,
});

const kinds = (uploads: Upload[]) => uploads.map((upload) => upload.state.kind);

describe("uploadsReducer", () => {
  it("queues picked files in order, waiting", () => {
    expect(kinds(run(added(10, 20, 30)))).toEqual(["waiting", "waiting", "waiting"]);
  });

  it("refuses a file larger than the server's limit without sending it", () => {
    const [small, large] = run(added(LIMIT, LIMIT + 1));
    expect(small?.state).toEqual({ kind: "waiting" });
    expect(large?.state).toMatchObject({ kind: "refused", message: expect.stringContaining("limit") });
  });

  it("follows a file from waiting through its progress to stored", () => {
    const uploads = run(
      added(200),
      { type: "started", id: 0 },
      { type: "progressed", id: 0, sentBytes: 50 },
      { type: "finished", id: 0, outcome: { kind: "stored", traceIds: ["a"], spanCount: 3 } },
    );
    expect(uploads[0]?.state).toEqual({ kind: "stored", traceIds: ["a"], spanCount: 3 });
  });

  it("ignores a progress event arriving after the answer", () => {
    const uploads = run(
      added(200),
      { type: "started", id: 0 },
      { type: "finished", id: 0, outcome: { kind: "refused", message: "bad" } },
      { type: "progressed", id: 0, sentBytes: 200 },
    );
    expect(uploads[0]?.state).toEqual({ kind: "refused", message: "bad" });
  });

  it("clears the finished files and keeps the rest", () => {
    const uploads = run(
      added(10, 20, 30),
      { type: "started", id: 0 },
      { type: "finished", id: 0, outcome: { kind: "stored", traceIds: [], spanCount: 1 } },
      { type: "started", id: 1 },
      { type: "cleared" },
    );
    expect(uploads.map((upload) => [upload.id, upload.state.kind])).toEqual([
      [1, "uploading"],
      [2, "waiting"],
    ]);
  });
});

describe("uploadsToStart", () => {
  it.each([
    ["two start at once", [], [0, 1]],
    ["one more when one is in flight", [0], [1]],
    ["none while two are in flight", [0, 1], []],
  ])("%s", (_name, started, expected) => {
    const uploads = run(added(1, 2, 3, 4), ...started.map((id): UploadAction => ({ type: "started", id })));
    expect(uploadsToStart(uploads, 2).map((upload) => upload.id)).toEqual(expected);
  });

  it("moves on to the next waiting file once one is done", () => {
    const uploads = run(
      added(1, 2, 3),
      { type: "started", id: 0 },
      { type: "started", id: 1 },
      { type: "finished", id: 0, outcome: { kind: "refused", message: "bad" } },
    );
    expect(uploadsToStart(uploads, 2).map((upload) => upload.id)).toEqual([2]);
  });

  it("skips files refused before sending", () => {
    expect(uploadsToStart(run(added(LIMIT + 1, 5)), 2).map((upload) => upload.id)).toEqual([1]);
  });
});

describe("uploadStateLabel", () => {
  it.each([
    ["waiting", { kind: "waiting" }, "waiting"],
    ["just started", { kind: "uploading", sentBytes: 0 }, "uploading 0%"],
    ["part sent, rounded down", { kind: "uploading", sentBytes: 999 }, "uploading 49%"],
    ["all sent, the server at work", { kind: "uploading", sentBytes: 2000 }, "storing…"],
    ["stored", { kind: "stored", traceIds: [], spanCount: 1 }, "stored"],
    ["refused", { kind: "refused", message: "bad" }, "refused"],
  ] as const)("%s", (_name, state, expected) => {
    expect(
      uploadStateLabel({ id: 0, name: "f", sizeBytes: 2000, state: { ...state } as Upload["state"] }),
    ).toBe(expected);
  });

  it("counts an empty file as all sent", () => {
    expect(sentPercent(0, 0)).toBe(100);
  });
});

describe("summariseUploads", () => {
  it.each([
    ["nothing picked", run(), "0 files"],
    ["one waiting", run(added(1)), "1 file: 1 waiting"],
    [
      "a mix, settled states first",
      run(
        added(1, 2, LIMIT + 1),
        { type: "started", id: 0 },
        { type: "finished", id: 0, outcome: { kind: "stored", traceIds: ["a"], spanCount: 1 } },
      ),
      "3 files: 1 stored, 1 refused, 1 waiting",
    ],
  ])("%s", (_name, uploads, expected) => {
    expect(summariseUploads(uploads)).toBe(expected);
  });
});
