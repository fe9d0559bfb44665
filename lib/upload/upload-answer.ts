import { readAnswerText } from "../api/read-answer";
import { type UploadAnswer, uploadAnswerSchema } from "../api/upload";
import { formatBytes } from "../format/bytes";

/** What became of one uploaded file: its spans stored, or refused with a message to show as it is. */
export type UploadOutcome = ({ kind: "stored" } & UploadAnswer) | { kind: "refused"; message: string };

/**
 * Reads `POST /api/upload`'s answer. A refusal shows the server's own message verbatim: it names the
 * span and the field at fault. Status 0 is XMLHttpRequest's word for "no answer at all".
 */
export function readUploadAnswer(status: number, body: string, limitBytes: number): UploadOutcome {
  if (status === 0) return NO_ANSWER;
  if (status === 413) return tooLarge(limitBytes);
  const reading = readAnswerText(status, body, uploadAnswerSchema);
  if (reading.kind === "data") return { kind: "stored", ...reading.data };
  if (reading.kind === "refused") return refused(reading.message);
  if (status >= 200 && status < 300) {
    return refused(`the server answered ${status} with something other than {traceIds, spanCount}`);
  }
  // A proxy's or gateway's page rather than Tracelight's answer.
  return refused(`the server answered ${status} without saying why`);
}

/**
 * A file larger than the server takes, refused before sending: the browser sends files as they are,
 * so the server would count the same bytes and answer 413 after the whole upload.
 */
export function tooLarge(limitBytes: number): UploadOutcome {
  return refused(
    `larger than the server's limit of ${formatBytes(limitBytes)} (TRACELIGHT_MAX_BODY_BYTES); ` +
      "split the file or raise the limit",
  );
}

const NO_ANSWER = refused(
  "the server could not be reached (network error or server down); the file may not be stored, try again",
);

function refused(message: string): UploadOutcome {
  return { kind: "refused", message };
}
