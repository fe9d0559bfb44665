import { expect, test } from "@playwright/test";
import { readTestData } from "../test/test-data";
import { ComparePage } from "./pages/ComparePage";
import { seedZipkinTrace } from "./seed";

/**
 * Trace comparison on test/data's checkout trace (frontend publishes to rabbitmq, orders consumes)
 * against a copy under another id in which orders' on-message takes 1ms longer and makes one
 * database call more.
 */
const CHECKOUT = () => readTestData("zipkin-v2-checkout.json") as ZipkinSpan[];
const SLOWER_COPY_ID = "7c3a9e21d4b05f68a1c2e3f40516c0de";
const ON_MESSAGE_ID = "e5a3c4d6f708192a";
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
    id: "e5a3c4d6f70800b1",
    kind: "CLIENT",
    name: "select-orders",
    timestamp: onMessage.timestamp + 100,
    duration: 600,
    localEndpoint: { serviceName: "orders", ipv4: "10.0.0.4" },
    remoteEndpoint: { serviceName: "postgres" },
  });
  return copy;
}

test.describe("comparing two traces", () => {
  let traceA: string;
  test.beforeAll(async ({ request }) => {
    traceA = await seedZipkinTrace(request, CHECKOUT());
    const data = slowerCopy(CHECKOUT());
    const response = await request.post("/api/v2/spans", { data });
    expect(response.status()).toBe(202);
  });

  test("aligns the traces, shows the slower span's delta and the extra span only in B", async ({ page }) => {
    const compare = new ComparePage(page);
    await compare.open(traceA, SLOWER_COPY_ID);
    await expect(compare.rows).toHaveCount(9);

    const onMessage = compare.row("orders", "on-message");
    await expect(onMessage).not.toHaveAttribute("data-only");
    await expect(onMessage.getByTestId("compare-total-a")).toHaveText("35ms");
    await expect(onMessage.getByTestId("compare-total-b")).toHaveText("36ms");
    await expect(compare.delta(onMessage)).toHaveText("+1ms");

    const extra = compare.row("orders", "select-orders");
    await expect(extra).toHaveAttribute("data-only", "b");
    await expect(extra).toContainText("only in B");
    await expect(extra.getByTestId("compare-count-a")).toHaveText("0");
    await expect(extra.getByTestId("compare-count-b")).toHaveText("1");
    await expect(compare.rows.filter({ hasText: "only in A" })).toHaveCount(0);

    const root = compare.row("frontend", "get /checkout");
    await expect(compare.delta(root)).toHaveText("0µs");
    await expect(compare.header("a").getByTestId("compare-spans")).toHaveText("8");
    await expect(compare.header("b").getByTestId("compare-spans")).toHaveText("9");
  });

  test("links to each trace's own page", async ({ page }) => {
    const compare = new ComparePage(page);
    await compare.open(traceA, SLOWER_COPY_ID);
    await expect(compare.traceLink("a")).toHaveAttribute("href", `/trace/${traceA}`);
    await expect(compare.traceLink("b")).toHaveAttribute("href", `/trace/${SLOWER_COPY_ID}`);
    await compare.traceLink("b").click();
    await expect(page).toHaveURL(new RegExp(`/trace/${SLOWER_COPY_ID}$`));
    await expect(page.getByTestId("trace-spans")).toHaveText("9");
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
