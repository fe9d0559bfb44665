import { countOf } from "../format/count";
import { tooLarge, type UploadOutcome } from "./upload-answer";

/**
 * The upload page's files, in the order they were picked, each going
 *
 *   waiting → uploading (sentBytes of sizeBytes) → stored | refused
 *
 * or straight to refused when larger than the server takes. Pure: the page keeps the files and the
 * requests, this keeps the states.
 */
export type UploadState = { kind: "waiting" } | { kind: "uploading"; sentBytes: number } | UploadOutcome;

export interface Upload {
  id: number;
  name: string;
  sizeBytes: number;
  state: UploadState;
}

export type UploadAction =
  | { type: "added"; files: { id: number; name: string; sizeBytes: number }[]; limitBytes: number }
  | { type: "started"; id: number }
  | { type: "progressed"; id: number; sentBytes: number }
  | { type: "finished"; id: number; outcome: UploadOutcome }
  /** Forgets the files that are done, stored or refused. */
  | { type: "cleared" };

export function uploadsReducer(uploads: Upload[], action: UploadAction): Upload[] {
  switch (action.type) {
    case "added":
      return [
        ...uploads,
        ...action.files.map((file) => ({
          ...file,
          state:
            file.sizeBytes > action.limitBytes ? tooLarge(action.limitBytes) : { kind: "waiting" as const },
        })),
      ];
    case "started":
      return withState(uploads, action.id, { kind: "uploading", sentBytes: 0 });
    case "progressed":
      // A late progress event never reopens a finished upload.
      return uploads.map((upload) =>
        upload.id === action.id && upload.state.kind === "uploading"
          ? { ...upload, state: { kind: "uploading", sentBytes: action.sentBytes } }
          : upload,
      );
    case "finished":
      return withState(uploads, action.id, action.outcome);
    case "cleared":
      return uploads.filter((upload) => !isDone(upload.state));
  }
}

/** The waiting files to start now so that at most `maxInFlight` are uploading, first picked first. */
export function uploadsToStart(uploads: Upload[], maxInFlight: number): Upload[] {
  const inFlight = uploads.filter((upload) => upload.state.kind === "uploading").length;
  return uploads
    .filter((upload) => upload.state.kind === "waiting")
    .slice(0, Math.max(0, maxInFlight - inFlight));
}

/** Percent of the file sent, 0–100, whole; an empty file is all sent. */
export function sentPercent(sentBytes: number, sizeBytes: number): number {
  if (sizeBytes <= 0) return 100;
  return Math.min(100, Math.floor((100 * sentBytes) / sizeBytes));
}

/**
 * "waiting", "uploading 42%", "storing…" once every byte is sent and the server is decoding and
 * committing, "stored", "refused".
 */
export function uploadStateLabel({ state, sizeBytes }: Upload): string {
  if (state.kind !== "uploading") return state.kind;
  const percent = sentPercent(state.sentBytes, sizeBytes);
  return percent === 100 ? "storing…" : `uploading ${percent}%`;
}

/** "3 files: 1 stored, 1 refused, 1 uploading", for the page's status line. */
export function summariseUploads(uploads: Upload[]): string {
  const counts = new Map<UploadState["kind"], number>();
  for (const { state } of uploads) counts.set(state.kind, (counts.get(state.kind) ?? 0) + 1);
  const parts = (["stored", "refused", "uploading", "waiting"] as const)
    .filter((kind) => counts.has(kind))
    .map((kind) => `${counts.get(kind)} ${kind}`);
  const files = countOf(uploads.length, "file");
  return parts.length === 0 ? files : `${files}: ${parts.join(", ")}`;
}

export function isDone(state: UploadState): boolean {
  return state.kind === "stored" || state.kind === "refused";
}

function withState(uploads: Upload[], id: number, state: UploadState): Upload[] {
  return uploads.map((upload) => (upload.id === id ? { ...upload, state } : upload));
}
