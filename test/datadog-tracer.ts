import { spawn } from "node:child_process";
import path from "node:path";

/** A span as the real dd-trace recorded it in datadog-test-tracer.cjs: ids as it reports them, times in ms. */
export interface RecordedSpan {
  traceId: string;
  spanId: string;
  parentId?: string;
  startMs: number;
  endMs: number;
}

const SCRIPT = path.join(import.meta.dirname, "datadog-tracer.cjs");

/**
 * For tests: runs the real dd-trace in a child process that records one checkout trace and sends it
 * to the Datadog agent at `url` (or `hostname=<host>`, the default port) over `protocolVersion`, with 128-bit trace ids (`_dd.p.tid`) or 64-bit
 * ones; resolves once the process has sent it and exited, with what it recorded. A child process
 * because dd-trace is configured once per process.
 */
export function runTestTracer(
  url: string,
  protocolVersion: "0.4" | "0.5",
  traceIdBits: 128 | 64 = 128,
): Promise<RecordedSpan[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, url, protocolVersion, String(traceIdBits)], {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 20_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as RecordedSpan[]);
      else reject(new Error(`dd-trace process exited with ${code}: ${stderr}`));
    });
  });
}
