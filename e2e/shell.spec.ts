import { expect, test } from "@playwright/test";
import { readTestData } from "../test/test-data";
import { AppShell } from "./pages/AppShell";
import { TracePage } from "./pages/TracePage";
import { seedZipkinTrace } from "./seed";

test.describe("themes", () => {
  test("follow a dark system by default", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    const shell = new AppShell(page);
    await shell.open();
    await expect(shell.html).toHaveClass(/\bdark\b/);
    await expect(shell.themeToggle).toHaveAccessibleName("Theme: System");
    expect(await shell.bodyBackgroundLuminance()).toBeLessThan(0.05);
  });

  test("are applied before the app's JavaScript runs", async ({ page }) => {
    await page.route("**/_next/static/chunks/**", (route) => route.abort());
    await page.emulateMedia({ colorScheme: "dark" });
    const shell = new AppShell(page);
    // Not shell.open(): with no JavaScript the page never hydrates.
    await page.goto("/search");
    await expect(shell.html).toHaveClass(/\bdark\b/);
  });

  test("switch to light and remember it across a reload", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    const shell = new AppShell(page);
    await shell.open();
    await shell.themeToggle.click();
    await expect(shell.themeToggle).toHaveAccessibleName("Theme: Light");
    await expect(shell.html).not.toHaveClass(/\bdark\b/);
    expect(await shell.bodyBackgroundLuminance()).toBeGreaterThan(0.9);

    await page.reload();
    await expect(shell.themeToggle).toHaveAccessibleName("Theme: Light");
    await expect(shell.html).not.toHaveClass(/\bdark\b/);
    expect(await shell.bodyBackgroundLuminance()).toBeGreaterThan(0.9);
  });

  test("cycle to dark, then back to System, which follows the system live", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    const shell = new AppShell(page);
    await shell.open();
    await shell.themeToggle.click();
    await shell.themeToggle.click();
    await expect(shell.themeToggle).toHaveAccessibleName("Theme: Dark");
    await expect(shell.html).toHaveClass(/\bdark\b/);

    await shell.themeToggle.click();
    await expect(shell.themeToggle).toHaveAccessibleName("Theme: System");
    await expect(shell.html).not.toHaveClass(/\bdark\b/);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect(shell.html).toHaveClass(/\bdark\b/);
    await page.emulateMedia({ colorScheme: "light" });
    await expect(shell.html).not.toHaveClass(/\bdark\b/);
  });
});

test.describe("header", () => {
  test("links to search and upload", async ({ page }) => {
    const shell = new AppShell(page);
    await shell.open();
    await expect(shell.navLink("Search")).toHaveAttribute("href", "/search");
    await expect(shell.navLink("Upload")).toHaveAttribute("href", "/upload");
  });

  test("marks the link of the current page", async ({ page }) => {
    const shell = new AppShell(page);
    await shell.open("/upload");
    await expect(shell.navLink("Upload")).toHaveAttribute("aria-current", "page");
    await expect(shell.navLink("Search")).not.toHaveAttribute("aria-current");
  });

  test("stays on one line on a laptop screen", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const shell = new AppShell(page);
    await shell.open();
    const header = await page.getByRole("banner").boundingBox();
    expect(header?.height).toBeLessThan(70);
  });
});

test.describe("the trace-id box @smoke", () => {
  test("opens a pasted id in any case with surrounding spaces", async ({ page, request }) => {
    const traceId = await seedZipkinTrace(request, readTestData("zipkin-v2-checkout.json") as unknown[]);
    const shell = new AppShell(page);
    await shell.open();
    await shell.jumpToTrace(`  ${traceId.toUpperCase()} \t`);

    await expect(page).toHaveURL(`/trace/${traceId}`);
    await expect(new TracePage(page).title).toBeVisible();
  });

  test("says why an id is invalid and stays put", async ({ page }) => {
    const shell = new AppShell(page);
    await shell.open();
    const before = page.url();
    await shell.jumpToTrace("trace-42");

    await expect(shell.traceIdJumpError).toContainText("not hex");
    await expect(shell.traceIdJump).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(before);

    await shell.jumpToTrace("1".repeat(33));
    await expect(shell.traceIdJumpError).toContainText("more than 32 hex digits");
    await expect(page).toHaveURL(before);
  });
});

test.describe("the keyboard shortcuts", () => {
  test("open on ? over a trace, list the trace's keys by group, and close on Esc", async ({
    page,
    request,
  }) => {
    const traceId = await seedZipkinTrace(request, readTestData("zipkin-v2-checkout.json") as unknown[]);
    const shell = new AppShell(page);
    const trace = new TracePage(page);
    await trace.open(traceId);
    await trace.spanList.focus();
    await page.keyboard.press("?");

    await expect(shell.shortcuts).toBeVisible();
    await expect(shell.shortcutGroups()).toHaveText(["Spans", "Zoom", "Find", "Anywhere"]);
    const find = shell.shortcutGroup("Find");
    await expect(find.keys).toHaveText(["/", "n", "N", "Enter or Shift + Enter"]);
    await expect(find.does).toHaveText([
      "Find in trace",
      "Select the next match",
      "Select the previous match",
      "Next or previous match, in the find box",
    ]);
    await expect(shell.shortcutGroup("Spans").does).toContainText([
      "Select the next or previous span",
      "Re-root the timeline on the selected span (press again to show the whole trace)",
    ]);

    await page.keyboard.press("Escape");
    await expect(shell.shortcuts).toBeHidden();
    // Focus is back on the span list, whose keys work again.
    await expect(trace.spanList).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(trace.details).toContainText("get /checkout");
  });

  test("open from the header's button with the page's own keys, and close with the close button", async ({
    page,
  }) => {
    const shell = new AppShell(page);
    await shell.open("/services");
    await shell.shortcutsButton.click();

    await expect(shell.shortcutGroups()).toHaveText(["Anywhere"]);
    await expect(shell.shortcutGroup("Anywhere").keys).toHaveText(["?", "Esc"]);
    await shell.shortcuts.getByRole("button", { name: "Close" }).click();
    await expect(shell.shortcuts).toBeHidden();
    await expect(shell.shortcutsButton).toBeFocused();
  });

  test("leave a ? typed in a text box to the box", async ({ page }) => {
    const shell = new AppShell(page);
    await shell.open("/search");
    await shell.traceIdJump.press("?");

    await expect(shell.traceIdJump).toHaveValue("?");
    await expect(shell.shortcuts).toBeHidden();
  });
});

test.describe("the icon", () => {
  test("is at /favicon.ico, an ICO, and the pages link it and the drawn SVG", async ({ page, request }) => {
    const ico = await request.get("/favicon.ico");
    expect(ico.status()).toBe(200);
    expect(ico.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    // ICONDIR: reserved 0, type 1 (an icon), then how many images: 16, 32 and 48 px.
    expect([...(await ico.body()).subarray(0, 6)]).toEqual([0, 0, 1, 0, 3, 0]);

    // Next.js versions each icon's link with a query of its own.
    await new AppShell(page).open("/upload");
    const icons = await page
      .locator('head link[rel="icon"]')
      .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
    expect(icons.map((href) => new URL(href).pathname)).toEqual(["/favicon.ico", "/icon.svg"]);
    const svg = await request.get(icons[1] as string);
    expect(svg.status()).toBe(200);
    expect(svg.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain("<title>Tracelight</title>");
  });
});
