import { readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { fixturePath } from "../test/fixtures";
import { TracePage } from "./pages/TracePage";
import { UploadPage } from "./pages/UploadPage";

/**
 * The upload page with real trace files: HotROD's trace as Jaeger UI downloads it and Zipkin Lens's
 * messaging trace (v2 JSON), picked, chosen from the keyboard and dropped.
 */
const HOTROD = { path: fixturePath("stalk/jaeger-hotrod.json"), traceId: "18231c31672495c6" };
const MESSAGING = {
  path: fixturePath("zipkin/lens-testdata/messaging.json"),
  traceId: "5aab74dbb904746bb33447baae403ed6",
};

test.describe("the upload page", () => {
  test("stores two files picked at once and links to their traces @smoke", async ({ page }) => {
    const upload = new UploadPage(page);
    await upload.open();
    await upload.pick([HOTROD.path, MESSAGING.path]);

    await expect(upload.state("jaeger-hotrod.json")).toHaveText("stored");
    await expect(upload.stored("jaeger-hotrod.json")).toContainText("51 spans in 1 trace");
    await expect(upload.state("messaging.json")).toHaveText("stored");
    await expect(upload.stored("messaging.json")).toContainText("4 spans in 1 trace");
    await expect(upload.traceLink("messaging.json", MESSAGING.traceId)).toBeVisible();
    await expect(upload.summary).toHaveText("2 files: 2 stored");

    await upload.traceLink("jaeger-hotrod.json", HOTROD.traceId).click();
    const trace = new TracePage(page);
    await expect(page).toHaveURL(`/trace/${HOTROD.traceId}`);
    await expect(trace.title).toBeVisible();
    await expect(trace.spanCount).toHaveText("51");
  });

  test("refuses files the server cannot read, saying why", async ({ page }, testInfo) => {
    const badSpan = testInfo.outputPath("bad-span.json");
    writeFileSync(badSpan, JSON.stringify({ data: [{ spans: [{ traceID: "zz" }] }] }));
    const notJson = testInfo.outputPath("notes.txt");
    writeFileSync(notJson, "not json");

    const upload = new UploadPage(page);
    await upload.open();
    await upload.pickWithKeyboard([badSpan, notJson]);

    await expect(upload.state("bad-span.json")).toHaveText("refused");
    await expect(upload.error("bad-span.json")).toHaveText(
      "data[0].spans[0].spanID: missing; expected a string",
    );
    await expect(upload.state("notes.txt")).toHaveText("refused");
    await expect(upload.error("notes.txt")).toContainText("the file is not JSON");
    await expect(upload.summary).toHaveText("2 files: 2 refused");
  });

  test("refuses a file larger than the server's limit without sending it", async ({ page }) => {
    const upload = new UploadPage(page);
    await upload.open();
    await upload.input.setInputFiles({
      name: "huge.json",
      mimeType: "application/json",
      buffer: Buffer.alloc(16 * 1024 * 1024 + 1, " "),
    });
    await expect(upload.state("huge.json")).toHaveText("refused");
    await expect(upload.error("huge.json")).toContainText("larger than the server's limit of 16 MiB");
  });

  test("stores a file dropped on the drop zone", async ({ page }) => {
    const file = {
      name: "messaging.json",
      mimeType: "application/json",
      content: readFileSync(MESSAGING.path, "utf8"),
    };
    const upload = new UploadPage(page);
    await upload.open();
    await upload.dragOver([file]);
    await expect(upload.dropzone).toHaveAttribute("data-dragging", "true");
    await upload.drop([file]);

    await expect(upload.dropzone).toHaveAttribute("data-dragging", "false");
    await expect(upload.state("messaging.json")).toHaveText("stored");
    await expect(upload.stored("messaging.json")).toContainText("4 spans in 1 trace");
  });
});
