"use strict";
/**
 * A process traced by the real dd-trace, for tests: records one checkout trace with fixed times and
 * sends it to the agent URL given, over the protocol version given ("0.4" or "0.5"), with 128-bit or
 * 64-bit trace ids; prints what it recorded (ids as dd-trace reports them, times in ms) as JSON on
 * stdout, then exits once sent.
 *
 *   usage: node datadog-tracer.cjs <agent url, or hostname=<host>> <protocol version> <trace id bits: 128 or 64>
 *
 * `hostname=<host>` sets only the agent's host, as a team pointing dd-trace at Tracelight would: the
 * port is dd-trace's default, 8126.
 *
 * A child process, not the test's own: dd-trace is a process-wide singleton configured once.
 */
const [url, protocolVersion, traceIdBits] = process.argv.slice(2);

// Only the traces: no telemetry, remote configuration, runtime metrics or crash tracking calls.
Object.assign(process.env, {
  DD_INSTRUMENTATION_TELEMETRY_ENABLED: "false",
  DD_REMOTE_CONFIGURATION_ENABLED: "false",
  DD_RUNTIME_METRICS_ENABLED: "false",
  DD_CRASHTRACKING_ENABLED: "false",
  DD_TRACE_STARTUP_LOGS: "false",
  DD_TRACE_128_BIT_TRACEID_GENERATION_ENABLED: String(traceIdBits !== "64"),
});
const tracer = require("dd-trace").init({
  ...(url.startsWith("hostname=") ? { hostname: url.slice("hostname=".length) } : { url }),
  protocolVersion,
  flushInterval: 0,
  plugins: false,
  service: "checkout",
  env: "test",
  version: "1.2.3",
});

// Times in ms with binary fractions (.25, .5, .75): exact as doubles, and so in ns and µs.
const t0 = Math.floor(Date.now()) + 0.25;
const recorded = [];

function record(span, parent, startMs, endMs) {
  const context = span.context();
  recorded.push({
    // 32 hex digits, or 16 when the high 64 bits are zero: Tracelight's id normaliser's forms.
    traceId: context.toTraceId(true).replace(/^0{16}/, ""),
    spanId: context.toSpanId(true),
    parentId: parent?.context().toSpanId(true),
    startMs,
    endMs,
  });
  span.finish(endMs);
}

const root = tracer.startSpan("express.request", {
  startTime: t0,
  tags: {
    "resource.name": "GET /cart/:id",
    "span.type": "web",
    "span.kind": "server",
    "http.method": "GET",
    "http.status_code": 200,
  },
});
const query = tracer.startSpan("pg.query", {
  childOf: root,
  startTime: t0 + 1.5,
  tags: {
    "service.name": "checkout-db",
    "resource.name": "SELECT * FROM carts WHERE id = $1",
    "span.type": "sql",
    "span.kind": "client",
    "db.type": "postgres",
    "out.host": "db.internal",
    "db.row_count": 3,
  },
});
record(query, root, t0 + 1.5, t0 + 4.25);

const charge = tracer.startSpan("http.request", {
  childOf: root,
  startTime: t0 + 5,
  tags: {
    "resource.name": "POST /charge",
    "span.type": "http",
    "span.kind": "client",
    "peer.service": "payments",
    "http.status_code": 502,
  },
});
charge.setTag("error", new Error("card declined"));
charge.addEvent("retry", { attempt: 2, reason: "timeout" }, t0 + 6.75);
charge.addLink(query.context(), { "link.reason": "same cart" });
const retry = tracer.startSpan("retry.wait", { childOf: charge, startTime: t0 + 6.75 });
record(retry, charge, t0 + 6.75, t0 + 7.5);
record(charge, root, t0 + 5, t0 + 8);
record(root, undefined, t0, t0 + 10);

process.stdout.write(JSON.stringify(recorded));
