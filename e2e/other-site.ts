import { createServer, type Server } from "node:http";
import { build } from "esbuild";

/**
 * The other sites of the cross-origin tests: one small HTTP server answering every name Chromium maps
 * here (`attacker.test`, `shop.test`; playwright.config.ts), each name its own origin. It serves a
 * blank page, a page framing a URL, and the OpenTelemetry browser SDK (bundled from node_modules as a
 * web app bundles it) exposing `window.exportSpan(url, name)`.
 */
export interface OtherSites {
  origin(name: string): string;
  stop(): Promise<void>;
}

const OTEL_ENTRY = `
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

window.exportSpan = async (url, name) => {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "shop-web" }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  const span = provider.getTracer("e2e").startSpan(name);
  span.end();
  await provider.forceFlush();
  return span.spanContext().traceId;
};
`;

export async function startOtherSites(port: number): Promise<OtherSites> {
  const bundled = await build({
    stdin: { contents: OTEL_ENTRY, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    platform: "browser",
    format: "iife",
    write: false,
  });
  const otelScript = bundled.outputFiles[0]?.text ?? "";
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://other.test");
    if (url.pathname === "/otel.js") {
      response.writeHead(200, { "content-type": "text/javascript" }).end(otelScript);
      return;
    }
    const frame = url.searchParams.get("frame");
    const body = frame ? `<iframe src="${encodeURI(frame)}" width="800" height="600"></iframe>` : "";
    const otel = url.searchParams.has("otel") ? `<script src="/otel.js"></script>` : "";
    response
      .writeHead(200, { "content-type": "text/html" })
      .end(`<!doctype html><title>${request.headers.host}</title>${otel}${body}`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin: (name) => `http://${name}:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
