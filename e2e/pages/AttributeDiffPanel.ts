import type { Locator, Page } from "@playwright/test";

/** The attribute diff panel (components/shared/AttributeDiffPanel.tsx), on the search or services page. */
export class AttributeDiffPanel {
  readonly panel: Locator;
  readonly counts: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.panel = page.getByTestId("attribute-diff");
    this.counts = page.getByTestId("attribute-diff-counts");
    this.rows = page.getByTestId("attribute-diff-row");
    this.empty = page.getByTestId("attribute-diff-empty");
    this.error = page.getByTestId("attribute-diff-error");
  }

  row(key: string, value: string): Locator {
    return this.page.locator(`[data-testid="attribute-diff-row"][data-key="${key}"][data-value="${value}"]`);
  }

  /** The `key=value` of each row, in order, once rows show. */
  async entries(): Promise<string[]> {
    await this.rows.first().or(this.empty).or(this.error).waitFor();
    return this.rows.evaluateAll((rows) =>
      rows.map((row) => `${row.getAttribute("data-key")}=${row.getAttribute("data-value")}`),
    );
  }

  async addFilter(key: string, value: string): Promise<void> {
    await this.row(key, value).getByTestId("attribute-diff-filter").click();
  }

  async exclude(key: string, value: string): Promise<void> {
    await this.row(key, value).getByTestId("attribute-diff-exclude").click();
  }
}
