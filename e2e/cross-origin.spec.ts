import { type APIRequestContext, expect, type Page, type Response, test } from "@playwright/test";
import { OTHER_SITES } from "./global-setup";
import { type OtherSites, startOtherSites } from "./other-site";
import { TracePage } from "./pages/TracePage";
import { UploadPage } from "./pages/UploadPage";

/**
 * Tracelight as other sites' pages meet it in a real Chromium: a page on another site can neither
 * store spans (the requests a page may send without asking: `no-cors` POSTs of a Blob with no type or
 * of text) nor read, a rebound name (DNS rebinding) is refused, the pages cannot be framed, and a
 * site in TRACELIGHT_CORS_ORIGINS exports with the OpenTelemetry browser SDK.
 */
const PORT = Number(process.env.E2E_PORT ?? 3217);
const TRACELIGHT = `http://127.0.0.1:${PORT}`;
const OTLP_HTTP = "http://127.0.0.1:4318";
let sites: OtherSites;

test.beforeAll(async () => {
  sites = await startOtherSites(Number(process.env.E2E_SITES_PORT));
});
test.afterAll(async () => sites?.stop());

/** Tracelight's answers to what the page asked of it (other sites' own pages left out). */
function answersFromTracelight(page: Page): Response[] {
  const answers: Response[] = [];
  page.on("response", (response) => {
    if (response.url().startsWith(TRACELIGHT) || response.url().startsWith(OTLP_HTTP)) answers.push(response);
  });
  return answers;
}

/** How many requests the browser guard has refused, by reason (`/metrics`). */
async function refusals(request: APIRequestContext): Promise<Record<string, number>> {
  const text = await (await request.get("/metrics")).text();
  return Object.fromEntries(
    [...text.matchAll(/^tracelight_browser_refused_total\{reason="([^"]+)"\} (\d+)$/gm)].map(
      ([, reason, n]) => [reason, Number(n)],
    ),
  );
}

test.describe("a page on another site", () => {
  test("stores nothing through any ingest route, by any request a page may send unasked", async ({
    page,
    request,
  }) => {
    await page.goto(sites.origin(OTHER_SITES.attacker));
    const answers = answersFromTracelight(page);
    const traceIds = await page.evaluate(
      async ({ tracelight, otlp }) => {
        const nowUs = Date.now() * 1000;
        let sequence = 0;
        const zipkinV2 = (traceId: string) =>
          JSON.stringify([
            {
              traceId,
              id: "00000000000000a1",
              name: "forged",
              timestamp: nowUs,
              duration: 1,
              localEndpoint: { serviceName: "forged" },
            },
          ]);
        const bodies: [url: string, body: (traceId: string) => string][] = [
          [`${tracelight}/api/v2/spans`, zipkinV2],
          [
            `${tracelight}/api/v1/spans`,
            (traceId) =>
              JSON.stringify([
                {
                  traceId,
                  id: "00000000000000a1",
                  name: "forged",
                  timestamp: nowUs,
                  duration: 1,
                  annotations: [{ timestamp: nowUs, value: "sr", endpoint: { serviceName: "forged" } }],
                },
              ]),
          ],
          ...[tracelight, otlp].map(
            (base) =>
              [
                `${base}/v1/traces`,
                (traceId: string) =>
                  JSON.stringify({
                    resourceSpans: [
                      {
                        resource: { attributes: [{ key: "service.name", value: { stringValue: "forged" } }] },
                        scopeSpans: [
                          {
                            spans: [
                              {
                                traceId,
                                spanId: "00000000000000a1",
                                name: "forged",
                                kind: 2,
                                startTimeUnixNano: `${nowUs}000`,
                                endTimeUnixNano: `${nowUs + 1}000`,
                              },
                            ],
                          },
                        ],
                      },
                    ],
                  }),
              ] as [string, (traceId: string) => string],
          ),
          [`${tracelight}/api/upload`, zipkinV2],
        ];
        // The three ways a page POSTs without a preflight: a Blob of no type (no Content-Type at all),
        // text, and a beacon's keepalive request.
        const ways: ((url: string, body: string) => RequestInit)[] = [
          (_, body) => ({ body: new Blob([body]) }),
          (_, body) => ({ body, headers: { "content-type": "text/plain" } }),
          (_, body) => ({ body: new Blob([body]), keepalive: true }),
        ];
        const sent: string[] = [];
        for (const [url, body] of bodies) {
          for (const way of ways) {
            const traceId = `${Date.now().toString(16)}${(++sequence).toString(16)}`.padStart(32, "f");
            sent.push(traceId);
            const init = way(url, body(traceId));
            await fetch(url, { ...init, method: "POST", mode: "no-cors" }).catch(() => undefined);
          }
        }
        return sent;
      },
      { tracelight: TRACELIGHT, otlp: OTLP_HTTP },
    );

    expect(answers.length).toBeGreaterThanOrEqual(traceIds.length);
    for (const answer of answers) expect(answer.status(), answer.url()).toBe(403);
    for (const traceId of traceIds) {
      expect((await request.get(`/api/trace/${traceId}`)).status(), traceId).toBe(404);
    }
  });

  test("reads nothing, by fetch or by an <img>", async ({ page, request }) => {
    await page.goto(sites.origin(OTHER_SITES.attacker));
    const before = await refusals(request);
    const paths = ["/api/search?lookback=1h", "/api/v2/services", "/api/services", "/metrics", "/search"];
    const outcomes = await page.evaluate(
      async ({ tracelight, paths }) => {
        const read = (url: string) =>
          fetch(url).then(
            async (response) => `read ${response.status}: ${(await response.text()).slice(0, 40)}`,
            () => "blocked",
          );
        const image = (url: string) =>
          new Promise<string>((resolve) => {
            const img = document.createElement("img");
            img.onload = () => resolve("loaded");
            img.onerror = () => resolve("blocked");
            img.src = url;
          });
        return Promise.all(
          paths.flatMap((path) => [read(`${tracelight}${path}`), image(`${tracelight}${path}`)]),
        );
      },
      { tracelight: TRACELIGHT, paths },
    );
    expect(outcomes).toEqual(paths.flatMap(() => ["blocked", "blocked"]));
    // Blocked by Tracelight, not only by the browser: each fetch for its Origin, each <img> for
    // Sec-Fetch-Site.
    const after = await refusals(request);
    expect((after.origin ?? 0) - (before.origin ?? 0)).toBe(paths.length);
    expect((after["fetch-site"] ?? 0) - (before["fetch-site"] ?? 0)).toBe(paths.length);
  });

  test("cannot frame a page", async ({ page }) => {
    const refusals: string[] = [];
    page.on("console", (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    await page.goto(
      `${sites.origin(OTHER_SITES.attacker)}/?frame=${encodeURIComponent(`${TRACELIGHT}/search`)}`,
    );
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    await expect(framed?.getByTestId("search-form") ?? page.locator("nothing")).toHaveCount(0);
  });
});

test.describe("a rebound name (DNS rebinding)", () => {
  test("is refused its pages and APIs", async ({ page }) => {
    for (const path of ["/search", "/api/v2/services"]) {
      const response = await page.goto(`http://rebound.test:${PORT}${path}`);
      expect(response?.status(), path).toBe(403);
      await expect(page.locator("body")).toContainText("TRACELIGHT_ALLOWED_HOSTS");
    }
  });
});

test.describe("a name in TRACELIGHT_ALLOWED_HOSTS", () => {
  test("serves the UI, which uploads as its own origin", async ({ page }) => {
    await page.goto(`http://${OTHER_SITES.ui}:${PORT}/upload`);
    const upload = new UploadPage(page);
    await page.getByTestId("db-status").filter({ hasText: "database" }).waitFor();
    const traceId = `${Date.now().toString(16)}`.padStart(32, "e");
    const spans = [
      {
        traceId,
        id: "00000000000000e1",
        name: "uploaded",
        timestamp: Date.now() * 1000,
        duration: 1,
        localEndpoint: { serviceName: "ui-name" },
      },
    ];
    await upload.input.setInputFiles({
      name: "trace.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(spans)),
    });
    await expect(upload.state("trace.json")).toHaveText("stored");
  });
});

test.describe("a site in TRACELIGHT_CORS_ORIGINS", () => {
  for (const [name, base] of [
    ["the main port", TRACELIGHT],
    ["the OTLP/HTTP port", OTLP_HTTP],
  ]) {
    test(`exports spans with the OpenTelemetry browser SDK to ${name}`, async ({ page }) => {
      const answers = answersFromTracelight(page);
      await page.goto(`${sites.origin(OTHER_SITES.shop)}/?otel`);
      const traceId = await page.evaluate(
        (url) =>
          (window as unknown as { exportSpan(url: string, name: string): Promise<string> }).exportSpan(
            url,
            "checkout",
          ),
        `${base}/v1/traces`,
      );
      // The preflight went first, unseen by Playwright: the POST could not have been sent without it.
      expect(answers.map((answer) => [answer.request().method(), answer.status()])).toEqual([["POST", 200]]);
      expect(await answers[0]?.headerValue("access-control-allow-origin")).toBe(
        sites.origin(OTHER_SITES.shop),
      );
      const trace = new TracePage(page);
      await trace.open(traceId);
      await expect(trace.rows.first()).toContainText("checkout");
    });
  }
});
