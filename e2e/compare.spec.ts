import { expect, test } from "@playwright/test";
import { readZipkinV2Fixture } from "../test/fixtures";
import { ComparePage } from "./pages/ComparePage";
import { seedZipkinFixture } from "./seed";

/**
 * Trace comparison on Zipkin Lens's messaging trace (frontend publishes to rabbitmq, backend consumes)
 * against a copy under another id in which the backend's on-message takes 1ms longer and makes one
 * database call more.
 */
const MESSAGING = "zipkin/lens-testdata/messaging.json";
const SLOWER_COPY_ID = "5aab74dbb904746bb33447baae40c0de";
const ON_MESSAGE_ID = "4ad2db84ac76def7";
const UNKNOWN_ID = "00000000000000000000000000c0ffee";

interface ZipkinSpan {
  traceId: string;
  id: string;
  name: string;
  timestamp: number;
  duration: number;
  [field: string]: unknown;
}

function slowerCopy(spans: ZipkinSpan[]): ZipkinSpan[] {
  const copy: ZipkinSpan[] = spans.map((span) => ({
    ...span,
    traceId: SLOWER_COPY_ID,
    duration: span.id === ON_MESSAGE_ID ? span.duration + 1_000 : span.duration,
  }));
  const onMessage = copy.find((span) => span.id === ON_MESSAGE_ID) as ZipkinSpan;
  copy.push({
    traceId: SLOWER_COPY_ID,
    parentId: ON_MESSAGE_ID,
    id: "4ad2db84ac76d0b1",
    kind: "CLIENT",
    name: "select-orders",
    timestamp: onMessage.timestamp + 100,
    duration: 600,
    localEndpoint: { serviceName: "backend", ipv4: "192.168.0.10" },
    remoteEndpoint: { serviceName: "postgres" },
  });
  return copy;
}

test.describe("comparing two traces", () => {
  let traceA: string;
  test.beforeAll(async ({ request }) => {
    traceA = await seedZipkinFixture(request, MESSAGING);
    const data = slowerCopy(readZipkinV2Fixture(MESSAGING) as ZipkinSpan[]);
    const response = await request.post("/api/v2/spans", { data });
    expect(response.status()).toBe(202);
  });

  test("aligns the traces, shows the slower span's delta and the extra span only in B", async ({ page }) => {
    const compare = new ComparePage(page);
    await compare.open(traceA, SLOWER_COPY_ID);
    await expect(compare.rows).toHaveCount(5);

    const onMessage = compare.row("backend", "on-message");
    await expect(onMessage).not.toHaveAttribute("data-only");
    await expect(onMessage.getByTestId("compare-total-a")).toHaveText("371µs");
    await expect(onMessage.getByTestId("compare-total-b")).toHaveText("1.37ms");
    await expect(compare.delta(onMessage)).toHaveText("+1ms");

    const extra = compare.row("backend", "select-orders");
    await expect(extra).toHaveAttribute("data-only", "b");
    await expect(extra).toContainText("only in B");
    await expect(extra.getByTestId("compare-count-a")).toHaveText("0");
    await expect(extra.getByTestId("compare-count-b")).toHaveText("1");
    await expect(compare.rows.filter({ hasText: "only in A" })).toHaveCount(0);

    const root = compare.row("frontend", "get /");
    await expect(compare.delta(root)).toHaveText("0µs");
    await expect(compare.header("a").getByTestId("compare-spans")).toHaveText("4");
    await expect(compare.header("b").getByTestId("compare-spans")).toHaveText("5");
  });

  test("links to each trace's own page", async ({ page }) => {
    const compare = new ComparePage(page);
    await compare.open(traceA, SLOWER_COPY_ID);
    await expect(compare.traceLink("a")).toHaveAttribute("href", `/trace/${traceA}`);
    await expect(compare.traceLink("b")).toHaveAttribute("href", `/trace/${SLOWER_COPY_ID}`);
    await compare.traceLink("b").click();
    await expect(page).toHaveURL(new RegExp(`/trace/${SLOWER_COPY_ID}$`));
    await expect(page.getByTestId("trace-spans")).toHaveText("5");
  });

  test("names the trace that is unknown, missing or not an id", async ({ page }) => {
    const compare = new ComparePage(page);
    await compare.open(traceA, UNKNOWN_ID);
    await expect(compare.problems).toHaveCount(1);
    await expect(compare.problem("b")).toContainText(`Trace B ${UNKNOWN_ID.slice(16)} is not stored`);

    await compare.open("not-hex", undefined);
    await expect(compare.problem("a")).toContainText('Trace A "not-hex" is not a trace id');
    await expect(compare.problem("b")).toContainText("Trace B is missing");
    await expect(compare.table).toHaveCount(0);
  });
});
