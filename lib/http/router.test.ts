import { createServer, get as rawGet, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError } from "../errors";
import { createRouter, json, type Route, withAccess } from "./router";

// What pg throws for a NUL in a text parameter (SQLSTATE 22021).
const PG_NUL_ERROR = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
  code: "22021",
});

const ROUTES: Route[] = [
  {
    method: "GET",
    path: "/api/services/:service/operations",
    handle: async ({ params }) => json({ service: params.service }),
  },
  {
    method: "GET",
    path: "/api/big",
    handle: async () => json("x".repeat(5000)),
  },
  {
    method: "POST",
    path: "/api/big",
    handle: async () => ({ status: 202 }),
  },
  {
    method: "GET",
    path: "/api/refuse",
    handle: async () => {
      throw new RequestError(400, "limit must be a positive integer");
    },
  },
  {
    method: "GET",
    path: "/api/peer",
    handle: async () => {
      throw new RequestError(400, "bad tags");
    },
    refused: (status, message) => json({ data: null, errors: [{ code: status, msg: message }] }, status),
  },
  {
    method: "PUT",
    path: "/v0.4/traces",
    handle: async () => json({ rate_by_service: {} }),
  },
  {
    method: "GET",
    path: "/info",
    handle: async () => json({ version: "test" }),
  },
  {
    method: "GET",
    path: "/api/data-exception/:driver",
    handle: async ({ params }) => {
      throw params.driver === "pg"
        ? PG_NUL_ERROR
        : { code: "P2039", meta: { driverAdapterError: { cause: PG_NUL_ERROR } } };
    },
  },
  {
    method: "GET",
    path: "/api/crash",
    handle: async () => {
      throw new Error("secret connection string");
    },
  },
];

let server: Server;
let base: string;

beforeAll(async () => {
  const route = createRouter(withAccess("public", ROUTES));
  server = createServer((request, response) => {
    if (!route(request, response)) response.writeHead(299).end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(path: string, init?: RequestInit): Promise<Response> {
  return fetch(base + path, init);
}

describe("createRouter", () => {
  it("leaves paths outside the APIs' to Next", async () => {
    const response = await get("/trace/abc");
    expect(response.status).toBe(299);
    expect(await response.text()).toBe("next");
  });

  it("owns the Datadog agent's paths, and only those", async () => {
    expect((await get("/info")).status).toBe(200);
    for (const path of [
      "/v0.7/config",
      "/telemetry/proxy/api/v2/apmtelemetry",
      "/evp_proxy/v2/x",
      "/info/x",
    ]) {
      const response = await get(path, { method: "POST" });
      expect([path, response.status]).toStrictEqual([path, 404]);
      expect(await response.json()).toEqual({ error: `no API at ${path}` });
    }
    for (const path of ["/information", "/v0", "/telemetry"]) expect((await get(path)).status).toBe(299);
  });

  it("takes PUT where a route declares it", async () => {
    const response = await get("/v0.4/traces", { method: "PUT", body: "[]" });
    expect(response.status).toBe(200);
    const post = await get("/v0.4/traces", { method: "POST", body: "[]" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("PUT");
  });

  it("decodes path parameters and ignores a trailing slash", async () => {
    const response = await get("/api/services/a%2Fb%20c/operations/");
    expect(await response.json()).toEqual({ service: "a/b c" });
  });

  it.each([
    ["a path parameter that is not valid URL encoding", "/api/services/100%/operations", "service"],
    ["a query value that is not valid URL encoding", "/api/services/x/operations?limit=%zz", "limit"],
    ["a query value that is not UTF-8", "/api/services/x/operations?service=%ED%A0%80", "service"],
    ["a query value that is invalid UTF-8", "/api/services/x/operations?tag=%C0%AF", "tag"],
    ["a query name that is not valid URL encoding", "/api/services/x/operations?a%zz=1", "a%zz"],
  ])("refuses %s on a read with a 400 naming it", async (_name, path, named) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain(`"error":"${named}: `);
  });

  it("leaves what a well-encoded value means, a NUL included, to the route's parser", async () => {
    const response = await get("/api/services/a%00b/operations?tag=%00");
    expect(await response.json()).toEqual({ service: "a\0b" });
  });

  it("refuses unreadable input in the shape of the route's peer API", async () => {
    const response = await get("/api/peer?service=%");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      data: null,
      errors: [{ code: 400, msg: 'service: expected percent-encoded UTF-8, got "%"' }],
    });
  });

  it("leaves a write's query and path parameters to its handler", async () => {
    expect((await get("/api/big?x=%zz%00", { method: "POST" })).status).toBe(202);
  });

  it("answers a request target that is no URL with a 400 and keeps serving", async () => {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.write("GET http://a:99999/api/big HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("cannot read the request target");
    expect((await get("/api/big")).status).toBe(200);
  });

  it.each([
    ["from pg", "/api/data-exception/pg"],
    ["through Prisma's driver adapter", "/api/data-exception/prisma"],
  ])(
    "answers a read's data exception %s with a 400 that says what the database refused",
    async (_name, path) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(/invalid byte sequence for encoding "UTF8": 0x00/);
    },
  );

  it("answers an unknown API path with a JSON 404", async () => {
    const response = await get("/api/nothing");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "no API at /api/nothing" });
    expect((await get("/v1/nothing")).status).toBe(404);
  });

  it("answers a method the path does not take with 405 and Allow", async () => {
    const response = await get("/api/services/x/operations", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect((await response.json()).error).toMatch(/DELETE is not allowed/);
  });

  it("answers HEAD as GET", async () => {
    const response = await get("/api/services/x/operations", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
  });

  it("picks the route of the request's method", async () => {
    expect((await get("/api/big", { method: "POST" })).status).toBe(202);
  });

  it("gzips large answers for clients that take gzip, and only those", async () => {
    const zipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      // fetch would decompress transparently; a raw request shows what was sent.
      rawGet(`${base}/api/big`, { headers: { "accept-encoding": "gzip" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ encoding: response.headers["content-encoding"], body: Buffer.concat(chunks) }),
        );
      }).on("error", reject);
    });
    expect(zipped.encoding).toBe("gzip");
    expect(JSON.parse(gunzipSync(zipped.body).toString())).toHaveLength(5000);
    const plain = await get("/api/big", { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
  });

  it("turns a RequestError into its status and message", async () => {
    const response = await get("/api/refuse");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "limit must be a positive integer" });
  });

  it("shapes a refusal as the route's peer API does", async () => {
    const response = await get("/api/peer");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ data: null, errors: [{ code: 400, msg: "bad tags" }] });
  });

  it("answers an unexpected error with a 500 that does not leak it", async () => {
    const logged = console.error;
    console.error = () => {};
    try {
      const response = await get("/api/crash");
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).not.toMatch(/secret/);
    } finally {
      console.error = logged;
    }
  });
});

describe("createRouter's authorizer", () => {
  const ran: string[] = [];
  const routes: Route[] = [
    {
      method: "GET",
      path: "/api/secret",
      access: "read",
      handle: async () => {
        ran.push("secret");
        return json({});
      },
    },
    { method: "GET", path: "/api/health", access: "public", handle: async () => json({ ok: true }) },
  ];
  const call = async (path: string) => {
    const router = createRouter(routes, async (_request, access) =>
      access === "public"
        ? { ok: true }
        : {
            ok: false,
            status: 401,
            message: "a read token is needed",
            headers: { "www-authenticate": "Bearer" },
          },
    );
    const answer = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
      (resolve) => {
        const local = createServer((request, response) => void router(request, response));
        local.listen(0, "127.0.0.1", async () => {
          const response = await fetch(`http://127.0.0.1:${(local.address() as AddressInfo).port}${path}`);
          resolve({
            status: response.status,
            headers: Object.fromEntries(response.headers),
            body: await response.text(),
          });
          local.close();
        });
      },
    );
    return answer;
  };

  it("refuses a route its access does not allow, before the route runs, in the route's error shape", async () => {
    const answer = await call("/api/secret");
    expect(answer.status).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe("Bearer");
    expect(JSON.parse(answer.body)).toEqual({ error: "a read token is needed" });
    expect(ran).toEqual([]);
  });

  it("lets a public route answer", async () => {
    expect((await call("/api/health")).status).toBe(200);
  });

  it("refuses to build a table with a route that declares no access", () => {
    expect(() => createRouter([{ method: "GET", path: "/api/x", handle: async () => json({}) }])).toThrow(
      "route GET /api/x declares no access",
    );
  });
});
