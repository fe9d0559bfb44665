import { createServer, type RequestListener } from "node:http";
import { log } from "../observe/log";

/**
 * The peers' well-known ports (Zipkin's 9411, Jaeger's 14268, 6831/6832 and 5778, OTLP's 4317/4318,
 * Datadog's 8126), each opened beside the main port so a tracer keeps its default address. One that
 * cannot be opened (taken, no permission) is reported and skipped: the others, and the main port,
 * keep working.
 */
export interface PeerPort {
  /** What listens there, for the messages: "Zipkin (HTTP)". */
  name: string;
  /** The configuration variable that moves it or turns it off. */
  variable: string;
  port: number | "off";
  open(port: number, host: string): Promise<{ stop(): Promise<void> }>;
}

/** Opens every port not turned off; answers how to stop them and which ones listen. */
export async function openPeerPorts(
  ports: PeerPort[],
  host: string,
): Promise<{ listening: string[]; stop(): Promise<void> }> {
  const opened: { stop(): Promise<void> }[] = [];
  const listening: string[] = [];
  for (const { name, variable, port, open } of ports) {
    if (port === "off") continue;
    try {
      opened.push(await open(port, host));
      listening.push(`${name} on ${port}`);
    } catch (error) {
      const reason = (error as Error).message;
      log.error(
        { port, variable, reason },
        `${name}: not listening on port ${port} (${reason}); the other ports work. Set ${variable} to another port, or to off.`,
      );
    }
  }
  return {
    listening,
    stop: async () => {
      await Promise.all(opened.map((listener) => listener.stop().catch(() => undefined)));
    },
  };
}

/** An HTTP port answering with `handler`. */
export function openHttp(handler: RequestListener): PeerPort["open"] {
  return (port, host) =>
    new Promise((resolve, reject) => {
      const server = createServer(handler);
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(new Error(error.code === "EADDRINUSE" ? "the port is taken" : error.message)),
      );
      server.listen(port, host, () => {
        server.removeAllListeners("error");
        server.on("error", (error) => log.error({ port, err: error.message }, "peer port failed"));
        resolve({
          stop: () =>
            new Promise((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        });
      });
    });
}
