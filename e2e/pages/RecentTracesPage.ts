import type { Locator, Page } from "@playwright/test";

export class RecentTracesPage {
  readonly list: Locator;

  constructor(private readonly page: Page) {
    this.list = page.getByTestId("recent-traces");
  }

  async open(): Promise<void> {
    await this.page.goto("/");
  }

  traceLink(traceId: string): Locator {
    return this.list.locator(`a[href="/trace/${traceId}"]`);
  }
}
