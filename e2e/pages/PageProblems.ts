import type { Page, Request } from "@playwright/test";

/**
 * What a page in normal use must never show in the browser's developer tools: an error on the
 * console (Chromium also logs each failed resource there), an uncaught exception, a request that
 * failed, or an answer of 400 and up. Each finding is one readable line.
 */
export class PageProblems {
  private readonly found: string[] = [];
  private readonly checks: Promise<void>[] = [];

  constructor(private readonly page: Page) {
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const { url, lineNumber } = message.location();
      this.found.push(`console error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ""}`);
    });
    page.on("pageerror", (error) => this.found.push(`uncaught: ${error.message}`));
    page.on("requestfailed", (request) => this.checks.push(this.failed(request)));
    page.on("response", (response) => {
      if (response.status() >= 400) {
        this.found.push(`${response.status()} for ${response.request().method()} ${response.url()}`);
      }
    });
  }

  /**
   * Waits until the page has made its requests (none for half a second), then answers what it
   * found. A page's late requests (the favicon, prefetches of its links) come after it has drawn.
   */
  async settled(): Promise<string[]> {
    await this.page.waitForLoadState("networkidle");
    await Promise.all(this.checks);
    return [...this.found];
  }

  private async failed(request: Request): Promise<void> {
    const reason = request.failure()?.errorText ?? "no reason given";
    // Next's router stops reading a link's prefetch once it has what it needs of the answer (the
    // route's tree; our pages render per request, so there is nothing more to keep); DevTools lists
    // such a request with its status, not as failed. One cancelled before its answer still counts.
    const answer = await request.response();
    if (reason === "net::ERR_ABORTED" && answer !== null && answer.status() < 400) return;
    this.found.push(`request failed: ${request.method()} ${request.url()}: ${reason}`);
  }
}
