import type { Locator, Page } from "@playwright/test";

export class ComparePage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly problems: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId("compare-table");
    this.rows = page.getByTestId("compare-row");
    this.problems = page.getByTestId("compare-problem");
  }

  /** Opens the comparison; `a` or `b` left undefined is left out of the link. */
  async open(a: string | undefined, b: string | undefined): Promise<void> {
    const query = new URLSearchParams();
    if (a !== undefined) query.set("a", a);
    if (b !== undefined) query.set("b", b);
    await this.page.goto(`/compare?${query}`);
  }

  /** The row of an operation path, by its last (service, operation). */
  row(service: string, operation: string): Locator {
    return this.page.locator(
      `[data-testid="compare-row"][data-service="${service}"][data-operation="${operation}"]`,
    );
  }

  delta(row: Locator): Locator {
    return row.getByTestId("compare-delta");
  }

  header(side: "a" | "b"): Locator {
    return this.page.locator(`[data-testid="compare-header"][data-side="${side}"]`);
  }

  traceLink(side: "a" | "b"): Locator {
    return this.header(side).getByTestId("compare-trace-link");
  }

  problem(side: "a" | "b"): Locator {
    return this.page.locator(`[data-testid="compare-problem"][data-side="${side}"]`);
  }
}
