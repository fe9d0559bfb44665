import { readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { testDataPath } from "../test/test-data";
import { TracePage } from "./pages/TracePage";
import { UploadPage } from "./pages/UploadPage";

/**
 * The upload page with test/data's trace files, a Jaeger UI download (Jaeger JSON) and a Zipkin v2
 * JSON trace, picked, chosen from the keyboard and dropped.
 */
const JAEGER = { path: testDataPath("jaeger-checkout.json"), traceId: "9f3e2d1c0b0a09080706050403020100" };
const ZIPKIN = { path: testDataPath("zipkin-v2-checkout.json"), traceId: "7c3a9e21d4b05f68a1c2e3f405162738" };

test.describe("the upload page", () => {
  test("stores two files picked at once and links to their traces @smoke", async ({ page }) => {
    const upload = new UploadPage(page);
    await upload.open();
    await upload.pick([JAEGER.path, ZIPKIN.path]);

    await expect(upload.state("jaeger-checkout.json")).toHaveText("stored");
    await expect(upload.stored("jaeger-checkout.json")).toContainText("3 spans in 1 trace");
    await expect(upload.state("zipkin-v2-checkout.json")).toHaveText("stored");
    await expect(upload.stored("zipkin-v2-checkout.json")).toContainText("8 spans in 1 trace");
    await expect(upload.traceLink("zipkin-v2-checkout.json", ZIPKIN.traceId)).toBeVisible();
    await expect(upload.summary).toHaveText("2 files: 2 stored");

    await upload.traceLink("jaeger-checkout.json", JAEGER.traceId).click();
    const trace = new TracePage(page);
    await expect(page).toHaveURL(`/trace/${JAEGER.traceId}`);
    await expect(trace.title).toBeVisible();
    await expect(trace.spanCount).toHaveText("3");
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
      name: "zipkin-v2-checkout.json",
      mimeType: "application/json",
      content: readFileSync(ZIPKIN.path, "utf8"),
    };
    const upload = new UploadPage(page);
    await upload.open();
    await upload.dragOver([file]);
    await expect(upload.dropzone).toHaveAttribute("data-dragging", "true");
    await upload.drop([file]);

    await expect(upload.dropzone).toHaveAttribute("data-dragging", "false");
    await expect(upload.state("zipkin-v2-checkout.json")).toHaveText("stored");
    await expect(upload.stored("zipkin-v2-checkout.json")).toContainText("8 spans in 1 trace");
  });
});
