import { type APIRequestContext, expect, test } from "@playwright/test";
import { TracePage } from "./pages/TracePage";

/**
 * Root-cause highlighting on the trace page, on the login trace of the issue: POST /oauth2/token
 * fails with 409 after 80 ms, 70 of them in bcrypt, which usually takes 2–3 ms (30 earlier calls).
 */
const RUN = Date.now().toString(16);
const AUTH = `auth-${RUN}`;
const LOGIN = `${RUN}1`.padStart(16, "0");

async function seed(request: APIRequestContext): Promise<void> {
  const nowUs = Date.now() * 1000;
  const span = (traceId: string, id: string, fields: object) => ({
    traceId,
    id,
    localEndpoint: { serviceName: AUTH },
    ...fields,
  });
  const history = Array.from({ length: 30 }, (_, i) =>
    span(`${RUN}${(i + 16).toString(16)}`.padStart(16, "0"), "0000000000000001", {
      name: "bcrypt",
      timestamp: nowUs - 600_000_000 + i * 1_000_000,
      duration: 2_000 + i * 30,
    }),
  );
  const start = nowUs - 60_000_000;
  const login = [
    span(LOGIN, "00000000000000a1", {
      name: "post /oauth2/token",
      kind: "SERVER",
      timestamp: start,
      duration: 80_000,
      tags: { "http.status_code": "409", error: "conflict" },
    }),
    span(LOGIN, "00000000000000a2", {
      parentId: "00000000000000a1",
      name: "bcrypt",
      timestamp: start + 5_000,
      duration: 70_000,
    }),
    span(LOGIN, "00000000000000a3", {
      parentId: "00000000000000a1",
      name: "select users",
      kind: "CLIENT",
      timestamp: start + 76_000,
      duration: 2_000,
    }),
  ];
  const response = await request.post("/api/v2/spans", { data: [...history, ...login] });
  expect(response.status()).toBe(202);
}

test.describe("root-cause highlighting", () => {
  test.beforeAll(async ({ request }) => seed(request));

  test("says in one sentence where the time and the error came from", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(LOGIN);
    await expect(page.getByTestId("trace-diagnosis")).toHaveText(
      /^post \/oauth2\/token failed with 409 after 80ms; 70ms \(88%\) went to bcrypt \(auth-[0-9a-f]+\), \d+× its usual p99\.$/,
    );
  });

  test("reads the trace once: one request names it, and switching skew correction asks nothing", async ({
    page,
  }) => {
    const trace = new TracePage(page);
    const requests = trace.recordApiRequests();
    await trace.open(LOGIN);
    const diagnosis = page.getByTestId("trace-diagnosis");
    await expect(diagnosis).toHaveText(/ its usual p99\.$/);
    expect(requests.filter((url) => url.includes(LOGIN))).toEqual([
      expect.stringMatching(`/api/trace/${LOGIN}$`),
    ]);
    // The baselines are asked by operation, not by trace.
    expect(requests.filter((url) => url.includes("/api/baselines?"))).toHaveLength(1);
    const opened = requests.length;

    await trace.skewToggle.uncheck();
    await expect(page).toHaveURL(/skew=off/);
    await expect(diagnosis).toHaveText(/ its usual p99\.$/);
    await trace.skewToggle.check();
    await expect(diagnosis).toHaveText(/ its usual p99\.$/);
    expect(requests.slice(opened)).toEqual([]);
  });

  test("marks the critical path, self times, the slow span and the error root", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(LOGIN);
    const root = trace.row("00000000000000a1");
    const bcrypt = trace.row("00000000000000a2");
    await expect(root.getByTestId("self-time-badge")).toHaveText("self 8ms");
    await expect(bcrypt.getByTestId("anomaly-badge")).toHaveText(/\d+× p99/);
    await expect(bcrypt.getByTestId("anomaly-badge")).toHaveAttribute("title", /its usual p99/);
    await expect(root.getByTestId("error-root-badge")).toBeVisible();

    await expect(page.getByTestId("critical-segment")).toHaveCount(0);
    await page.getByTestId("critical-path-toggle").check();
    await expect(page).toHaveURL(/critical=on/);
    // The root before bcrypt, bcrypt, the root between, the query, the root after it.
    await expect(root.getByTestId("critical-segment")).toHaveCount(3);
    await expect(bcrypt.getByTestId("critical-segment")).toHaveCount(1);
    await expect(trace.row("00000000000000a3").getByTestId("critical-segment")).toHaveCount(1);
  });

  test("sums up each operation in a sortable statistics tab", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(LOGIN);
    await trace.tab("stats").click();
    const rows = page.getByTestId("stats-row");
    await expect(rows).toHaveCount(3);
    // By critical-path share first: bcrypt's 88%.
    await expect(rows.first()).toContainText("bcrypt");
    await expect(rows.first()).toContainText("87.5%");
    await page.getByTestId("stats-sort-selfUs").click();
    await expect(rows.first()).toContainText("bcrypt");
    await page.getByTestId("stats-sort-selfUs").click();
    await expect(rows.first()).toContainText("select users");
  });
});
