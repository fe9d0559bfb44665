import { seededRandom } from "../test/seeded-random";
import { DATABASE, SERVICES, SERVICES_BY_NAME, type Service, type ZipkinEndpoint } from "./shop-services";

/**
 * A deterministic Zipkin v2 workload shaped like a small shop's microservices: 12 services with five
 * operations each (four HTTP routes and one database query, 60 names), traces of 6–14 spans (about 10)
 * that start at the frontend and fan out along an acyclic call graph. Each call is a CLIENT span in the
 * caller and a SERVER span in the callee; 40% of them share one span id the way B3 propagation does
 * (the server half is `shared` and has the client's parent). About 3% of calls answer 5xx and carry an
 * `error` tag; some spans carry annotations.
 *
 * The same seed gives the same spans: only the trace ids change with `run`, so every run ingests an
 * identical workload that nothing already stored can deduplicate.
 */

export interface ZipkinSpan {
  traceId: string;
  parentId?: string;
  id: string;
  kind?: "CLIENT" | "SERVER";
  name: string;
  timestamp: number;
  duration: number;
  localEndpoint: ZipkinEndpoint;
  remoteEndpoint?: ZipkinEndpoint;
  annotations?: { timestamp: number; value: string }[];
  tags: Record<string, string>;
  shared?: boolean;
}

const SEED = 0x7ace1167;
const WINDOW_US = 10 * 60 * 1_000_000;
const MAX_DEPTH = 4;

interface HttpSpanSpec {
  traceId: string;
  parentId?: string;
  id: string;
  kind: "CLIENT" | "SERVER";
  service: Service;
  route: string;
  status: number;
  startUs: number;
  durationUs: number;
  remoteEndpoint: ZipkinEndpoint;
}

class TraceBuilder {
  readonly spans: ZipkinSpan[] = [];
  private remaining = 0;

  constructor(
    private readonly random: () => number,
    private readonly runTag: string,
  ) {}

  /** One trace of `size` spans (fewer when its root runs out of time) ending no later than `endUs`. */
  build(size: number, endUs: number): void {
    this.remaining = size - 1;
    const traceId = `${this.runTag}${this.hex32()}${this.hex32()}${this.hex32()}`;
    const durationUs = this.between(20_000, 400_000);
    const frontend = SERVICES[0] as Service;
    const route = this.pick(frontend.routes);
    const root = this.httpSpan({
      traceId,
      id: this.spanId(),
      kind: "SERVER",
      service: frontend,
      route,
      status: this.status(route),
      startUs: endUs - durationUs - this.between(0, WINDOW_US),
      durationUs,
      remoteEndpoint: { ipv4: `203.0.113.${this.between(1, 254)}`, port: this.between(30000, 60000) },
    });
    this.spans.push(root);
    this.serve(frontend, root, 0);
  }

  /** The work of one SERVER span: database queries and calls, one after another inside it. */
  private serve(service: Service, server: ZipkinSpan, depth: number): void {
    let cursorUs = server.timestamp + this.between(200, 2_000);
    const endUs = server.timestamp + server.duration;
    // The root keeps calling until its trace has its size; deeper services make one to three calls.
    let steps = depth === 0 ? Number.POSITIVE_INFINITY : this.between(1, 3);
    while (this.remaining > 0 && steps-- > 0 && cursorUs < endUs - 100) {
      const durationUs = Math.max(50, Math.floor((endUs - cursorUs) * (0.2 + 0.5 * this.random())));
      const callee = SERVICES_BY_NAME.get(this.pick(service.calls));
      if (callee && this.remaining >= 2 && depth < MAX_DEPTH && this.random() < 0.7) {
        this.call(service, callee, server, cursorUs, durationUs, depth);
      } else {
        this.query(service, server, cursorUs, durationUs);
      }
      cursorUs += durationUs + this.between(50, 500);
    }
  }

  private call(
    caller: Service,
    callee: Service,
    parent: ZipkinSpan,
    startUs: number,
    durationUs: number,
    depth: number,
  ): void {
    const route = this.pick(callee.routes);
    const status = this.status(route);
    const client = this.httpSpan({
      traceId: parent.traceId,
      parentId: parent.id,
      id: this.spanId(),
      kind: "CLIENT",
      service: caller,
      route,
      status,
      startUs,
      durationUs,
      remoteEndpoint: callee.endpoint,
    });
    // The callee starts a little after its caller and ends a little before: network time.
    const latencyUs = Math.min(300, Math.floor(durationUs / 10));
    // B3 shared span: the server half reuses the client's id and parent instead of being its child.
    const shared = this.random() < 0.4;
    const server = this.httpSpan({
      traceId: parent.traceId,
      parentId: shared ? parent.id : client.id,
      id: shared ? client.id : this.spanId(),
      kind: "SERVER",
      service: callee,
      route,
      status,
      startUs: startUs + latencyUs,
      durationUs: Math.max(20, durationUs - 2 * latencyUs),
      remoteEndpoint: { ipv4: caller.endpoint.ipv4, port: this.between(30000, 60000) },
    });
    if (shared) server.shared = true;
    this.spans.push(client, server);
    this.remaining -= 2;
    this.serve(callee, server, depth + 1);
  }

  private query(service: Service, parent: ZipkinSpan, startUs: number, durationUs: number): void {
    const statement =
      this.random() < 0.8
        ? `SELECT * FROM ${service.table} WHERE id = $1 LIMIT 50`
        : `UPDATE ${service.table} SET updated_at = now() WHERE id = $1`;
    this.spans.push({
      traceId: parent.traceId,
      parentId: parent.id,
      id: this.spanId(),
      kind: "CLIENT",
      name: `query ${service.table}`,
      timestamp: startUs,
      duration: durationUs,
      localEndpoint: service.endpoint,
      remoteEndpoint: DATABASE,
      tags: { "db.system": "postgresql", "db.name": "shop", "db.statement": statement },
    });
    this.remaining -= 1;
  }

  private httpSpan(call: HttpSpanSpec): ZipkinSpan {
    const [method = "GET", template = "/"] = call.route.split(" ");
    const tags: Record<string, string> = {
      "http.method": method,
      "http.path": template.replace("{id}", String(this.between(1, 99_999))),
      "http.route": template,
      "http.status_code": String(call.status),
    };
    if (call.status >= 500) {
      tags.error = call.status === 503 ? "Service Unavailable" : "Internal Server Error";
    }
    // Absent fields are left undefined, which JSON.stringify omits, so keys keep Zipkin's order.
    return {
      traceId: call.traceId,
      parentId: call.parentId,
      id: call.id,
      kind: call.kind,
      name: call.route.toLowerCase(),
      timestamp: call.startUs,
      duration: call.durationUs,
      localEndpoint: call.service.endpoint,
      remoteEndpoint: call.remoteEndpoint,
      annotations: this.random() < 0.1 ? this.annotations(call.startUs, call.durationUs) : undefined,
      tags,
    };
  }

  private annotations(startUs: number, durationUs: number): { timestamp: number; value: string }[] {
    const values = ["cache.miss", "retry", "queued", "pool.acquired"];
    return Array.from({ length: this.between(1, 2) }, () => ({
      timestamp: startUs + this.between(0, durationUs),
      value: this.pick(values),
    }));
  }

  private status(route: string): number {
    const roll = this.random();
    if (roll < 0.02) return 500;
    if (roll < 0.03) return 503;
    if (roll < 0.06) return this.random() < 0.5 ? 404 : 400;
    return route.startsWith("POST") ? 201 : 200;
  }

  private spanId(): string {
    return `${this.hex32()}${this.hex32()}`;
  }

  private hex32(): string {
    return Math.floor(this.random() * 4294967296)
      .toString(16)
      .padStart(8, "0");
  }

  private between(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }
}

/**
 * Exactly `spanCount` spans of whole traces (the last one cut short), all ending before `nowUs` and
 * starting within the ten minutes before it. `run` only changes the trace ids.
 */
export function generateSpans(run: number, spanCount: number, nowUs: number): ZipkinSpan[] {
  const random = seededRandom(SEED);
  const builder = new TraceBuilder(random, (0xb0000000 + run).toString(16));
  while (builder.spans.length < spanCount) builder.build(6 + Math.floor(random() * 9), nowUs);
  return builder.spans.slice(0, spanCount);
}
