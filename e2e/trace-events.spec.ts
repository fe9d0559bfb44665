import { type APIRequestContext, expect, test } from "@playwright/test";
import { TracePage } from "./pages/TracePage";

/**
 * The Events tab a page at a time (issue 22), on a trace of this run's own sent as OTLP/JSON: one
 * span with more events than a page shows (100), a millisecond apart.
 */
const RUN = Date.now().toString(16);
// Led by f: an id led by zeros is stored as its 64-bit form, which the URL would not match.
const TRACE_ID = `${RUN}0023`.padStart(32, "f");
const EVENTS = 150;
/** Five minutes ago, in ns, plus `us`. */
const T0_NS = BigInt(Date.now() - 300_000) * 1_000_000n;
const ns = (us: number) => String(T0_NS + BigInt(us) * 1000n);

async function seed(request: APIRequestContext): Promise<void> {
  const span = {
    traceId: TRACE_ID,
    spanId: `${RUN}9`.padStart(16, "a"),
    name: "poll queue",
    kind: 2,
    startTimeUnixNano: ns(0),
    endTimeUnixNano: ns(1_000_000),
    events: Array.from({ length: EVENTS }, (_, i) => ({
      timeUnixNano: ns(1_000 * (i + 1)),
      name: `tick ${i + 1}`,
    })),
  };
  const resource = { attributes: [{ key: "service.name", value: { stringValue: `poller-${RUN}` } }] };
  const resourceSpans = [{ resource, scopeSpans: [{ spans: [span] }] }];
  expect((await request.post("/v1/traces", { data: { resourceSpans } })).status()).toBe(200);
}

test("the Events tab pages through a trace's events, the page kept by the URL", async ({ page, request }) => {
  await seed(request);
  const trace = new TracePage(page);
  const range = page.getByTestId("trace-events-range");
  const names = trace.traceEvents.getByTestId("event-name");
  await trace.openTab(TRACE_ID, "events");
  await expect(range).toHaveText(`Events 1–100 of ${EVENTS}`);
  await expect(names.first()).toHaveText("tick 1");

  await page.getByTestId("trace-events-next").click();
  await expect(range).toHaveText(`Events 101–150 of ${EVENTS}`);
  await expect(names).toHaveCount(50);
  await expect(names.first()).toHaveText("tick 101");
  await expect(page).toHaveURL(/[?&]eventsPage=2(&|$)/);
  await page.reload();
  await expect(range).toHaveText(`Events 101–150 of ${EVENTS}`);

  await page.getByTestId("trace-events-previous").click();
  await expect(range).toHaveText(`Events 1–100 of ${EVENTS}`);
  await expect(page).not.toHaveURL(/eventsPage=/);
  // A page past the last opens the last one.
  await trace.openTab(TRACE_ID, "events", "eventsPage=9");
  await expect(range).toHaveText(`Events 101–150 of ${EVENTS}`);
});
