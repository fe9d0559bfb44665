"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useRef } from "react";
import { forgetTraces } from "@/components/queries/useTraceQuery";
import { readUploadAnswer, type UploadOutcome } from "@/lib/upload/upload-answer";
import { uploadsReducer, uploadsToStart } from "@/lib/upload/upload-queue";

// Two in flight: one file's upload overlaps the other's decoding and commit on the server.
const MAX_IN_FLIGHT = 2;

/**
 * Files POSTed to `/api/upload` in the order they were added, at most two at a time. A file is sent
 * as it is, with XMLHttpRequest rather than fetch: only XHR reports upload progress.
 */
export function useUploadQueue(limitBytes: number) {
  const queryClient = useQueryClient();
  const [uploads, dispatch] = useReducer(uploadsReducer, []);
  const files = useRef(new Map<number, File>());
  const nextId = useRef(0);

  const add = useCallback(
    (picked: FileList | File[]) => {
      const added = [...picked].map((file) => {
        const id = nextId.current++;
        files.current.set(id, file);
        return { id, name: file.name, sizeBytes: file.size };
      });
      if (added.length > 0) dispatch({ type: "added", files: added, limitBytes });
    },
    [limitBytes],
  );

  useEffect(() => {
    for (const { id } of uploadsToStart(uploads, MAX_IN_FLIGHT)) {
      const file = files.current.get(id);
      // Taken out as it starts, so a second run of this effect never sends it twice.
      files.current.delete(id);
      if (!file) continue;
      dispatch({ type: "started", id });
      void postFile(file, limitBytes, (sentBytes) => dispatch({ type: "progressed", id, sentBytes })).then(
        (outcome) => {
          if (outcome.kind === "stored") forgetTraces(queryClient, outcome.traceIds);
          dispatch({ type: "finished", id, outcome });
        },
      );
    }
  }, [uploads, limitBytes, queryClient]);

  const clear = useCallback(() => dispatch({ type: "cleared" }), []);
  return { uploads, add, clear };
}

function postFile(
  file: File,
  limitBytes: number,
  onProgress: (sentBytes: number) => void,
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/upload");
    // The server reads either from the contents; it takes only these two types (README).
    request.setRequestHeader(
      "content-type",
      /\.(jsonl|ndjson)$/i.test(file.name) ? "application/x-ndjson" : "application/json",
    );
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => resolve(readUploadAnswer(request.status, request.responseText, limitBytes));
    request.onerror = () => resolve(readUploadAnswer(0, "", limitBytes));
    request.send(file);
  });
}
