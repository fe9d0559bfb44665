import { badRequest, describeType, describeValue } from "../../errors";
import type { Span } from "../../model/span";
import { UNKNOWN_SERVICE } from "../../model/span";
import {
  expectObject,
  type JsonObject,
  readArray,
  readMicros,
  readNumber,
  readObject,
  readObjects,
  readString,
} from "../shared/fields";
import { readJsonId, readJsonTags } from "./json-values";
import { type Process, type Reference, type SpanParts, toEvent, toProcess, toSpan } from "./model";

const REQUIRED = { required: true } as const;
const REF_TYPES: ReadonlySet<unknown> = new Set(["CHILD_OF", "FOLLOWS_FROM"]);

/**
 * Decodes Jaeger JSON, the shape of jaeger-query's `/api/traces` and of Jaeger UI's "Download JSON",
 * for the trace-file upload. Accepted: the `{data: [trace, …]}` envelope (total/limit/offset/errors
 * ignored), one trace `{traceID, spans, processes}`, Jaeger UI's store wrapper `{data: trace, id,
 * state}`, and a bare array of spans (each with its `process` inline) or of traces. Times are
 * microseconds. Refusals name the field by its path in the document (`data[0].spans[3].traceID`).
 * Never mutates `body`.
 */
export function decodeJaegerJson(body: unknown): { spans: Span[] } {
  const spans: Span[] = [];
  if (Array.isArray(body)) {
    for (let i = 0; i < body.length; i++) {
      const item = expectObject(body[i], `[${i}]`);
      if (Array.isArray(item.spans)) decodeTrace(item, `[${i}]`, spans);
      else spans.push(decodeSpan(item, `span[${i}]`, NO_PROCESSES));
    }
    return { spans };
  }
  const json = expectObject(body, "body");
  const data = json.data;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++)
      decodeTrace(expectObject(data[i], `data[${i}]`), `data[${i}]`, spans);
  } else if (typeof data === "object" && data !== null) {
    decodeTrace(data as JsonObject, "data", spans);
  } else if (Array.isArray(json.spans)) {
    decodeTrace(json, "", spans);
  } else {
    throw badRequest(
      `expected Jaeger JSON: {data: [traces]}, a trace {traceID, spans, processes} or an array of spans; got an object with ${data === undefined ? "neither data nor spans" : `data of type ${describeType(data)}`}`,
    );
  }
  return { spans };
}

const NO_PROCESSES: ReadonlyMap<string, Process> = new Map();

/** `path` is where the trace sits ("data[0]"; "" for a document that is the trace). */
function decodeTrace(trace: JsonObject, path: string, into: Span[]): void {
  const at = path === "" ? "" : `${path}.`;
  const processes = new Map<string, Process>();
  const rawProcesses = readObject(trace, "processes", path || "body");
  if (rawProcesses !== undefined) {
    for (const id of Object.keys(rawProcesses)) {
      const processPath = `${at}processes.${id}`;
      processes.set(id, decodeProcess(expectObject(rawProcesses[id], processPath), processPath));
    }
  }
  const spans = readArray(trace, "spans", path || "body", REQUIRED);
  for (let i = 0; i < spans.length; i++) {
    const spanPath = `${at}spans[${i}]`;
    into.push(decodeSpan(expectObject(spans[i], spanPath), spanPath, processes));
  }
}

function decodeProcess(json: JsonObject, path: string): Process {
  const tags = readJsonTags(json, "tags", path);
  return toProcess(readString(json, "serviceName", path), tags, path);
}

function decodeSpan(json: JsonObject, path: string, processes: ReadonlyMap<string, Process>): Span {
  const warnings: string[] = [];
  const spanWarnings = readArray(json, "warnings", path);
  if (spanWarnings !== undefined) {
    for (const warning of spanWarnings) if (typeof warning === "string") warnings.push(warning);
  }
  const traceId = readJsonId(json, "traceID", path, "trace", warnings);
  const parts: SpanParts = {
    traceId,
    spanId: readJsonId(json, "spanID", path, "span", warnings),
    name: readString(json, "operationName", path) ?? "",
    references: readReferences(json, path, warnings),
    flags: readNumber(json, "flags", path) ?? 0,
    startUs: readMicros(json, "startTime", path, REQUIRED),
    // Jaeger omits a zero duration.
    durationUs: readMicros(json, "duration", path) ?? 0,
    tags: readJsonTags(json, "tags", path),
    events: readLogs(json, path),
    warnings,
  };
  return toSpan(parts, spanProcess(json, path, processes));
}

/** The inline `process` (bare span lists, Jaeger UI's store) or the trace's `processes[processID]`. */
function spanProcess(json: JsonObject, path: string, processes: ReadonlyMap<string, Process>): Process {
  const inline = readObject(json, "process", path);
  if (inline !== undefined) return decodeProcess(inline, `${path}.process`);
  const id = readString(json, "processID", path);
  const process = id === undefined ? undefined : processes.get(id);
  if (process !== undefined) return process;
  const reason =
    id === undefined
      ? "process and processID missing"
      : `processID ${describeValue(id)} not found in ${processes === NO_PROCESSES ? "a bare list of spans" : "processes"}`;
  return {
    serviceName: UNKNOWN_SERVICE,
    resource: { "service.name": UNKNOWN_SERVICE },
    warnings: [`${reason}; service set to ${UNKNOWN_SERVICE}`],
  };
}

function readReferences(json: JsonObject, path: string, warnings: string[]): Reference[] {
  return readObjects(json, "references", path, (ref, refPath, i) => {
    const type = readString(ref, "refType", refPath, REQUIRED);
    if (!REF_TYPES.has(type))
      throw badRequest(`${refPath}.refType: expected CHILD_OF or FOLLOWS_FROM, got ${describeValue(type)}`);
    return {
      type: type as Reference["type"],
      traceId: readJsonId(ref, "traceID", refPath, "trace", warnings, `references[${i}].traceID`),
      spanId: readJsonId(ref, "spanID", refPath, "span", warnings, `references[${i}].spanID`),
    };
  });
}

function readLogs(json: JsonObject, path: string): Span["events"] {
  return readObjects(json, "logs", path, (log, logPath) =>
    toEvent(readMicros(log, "timestamp", logPath, REQUIRED), readJsonTags(log, "fields", logPath)),
  );
}
