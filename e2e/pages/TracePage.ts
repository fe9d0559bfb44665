import type { Locator, Page } from "@playwright/test";

export class TracePage {
  readonly title: Locator;
  readonly traceId: Locator;
  readonly spanCount: Locator;
  readonly rows: Locator;

  constructor(private readonly page: Page) {
    this.title = page.getByTestId("trace-title");
    this.traceId = page.getByTestId("trace-id");
    this.spanCount = page.getByTestId("trace-spans");
    this.rows = page.getByTestId("span-row");
  }

  async open(traceId: string): Promise<void> {
    await this.page.goto(`/trace/${traceId}`);
  }

  row(spanId: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`);
  }
}
