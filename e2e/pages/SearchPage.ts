import { expect, type Locator, type Page } from "@playwright/test";

export class SearchPage {
  readonly form: Locator;
  readonly results: Locator;
  readonly summary: Locator;
  readonly noResults: Locator;
  readonly error: Locator;
  readonly dots: Locator;
  readonly scatter: Locator;

  constructor(private readonly page: Page) {
    this.form = page.getByTestId("search-form");
    this.results = page.getByTestId("trace-result");
    this.summary = page.getByTestId("search-summary");
    this.noResults = page.getByTestId("no-results");
    this.error = page.getByTestId("search-error");
    this.dots = page.getByTestId("scatter-dot");
    this.scatter = page.getByTestId("trace-scatter");
  }

  /** Opens a search and waits for its answer, by which time the form has hydrated and takes input. */
  async open(query = ""): Promise<void> {
    await this.page.goto(`/search${query ? `?${query}` : ""}`);
    await this.results.first().or(this.noResults).or(this.error).waitFor();
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  /** The names a picker (the Service or Operation field) suggests for what was typed in it. */
  suggestions(label: "Service" | "Operation"): Locator {
    return this.form.getByRole("listbox", { name: `${label} suggestions` }).getByRole("option");
  }

  async submit(): Promise<void> {
    await this.page.getByTestId("search-submit").click();
  }

  /** The trace ids of the results, in order, once they show. */
  private async resultIds(): Promise<string[]> {
    await this.results.first().or(this.noResults).waitFor();
    return this.results.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trace-id") ?? ""));
  }

  /**
   * Waits until the results are these traces, in this order: a search just submitted shows the
   * previous results until its own answer comes.
   */
  async expectResultIds(traceIds: string[]): Promise<void> {
    await expect.poll(() => this.resultIds()).toEqual(traceIds);
  }

  result(traceId: string): Locator {
    return this.page.locator(`[data-testid="trace-result"][data-trace-id="${traceId}"]`);
  }

  sortBy(order: string): Locator {
    return this.page.getByTestId(`sort-${order}`);
  }

  dot(traceId: string): Locator {
    return this.page.locator(`[data-testid="scatter-dot"][data-trace-id="${traceId}"]`);
  }

  /** Makes a drag across the scatter plot select the traces slower than where it starts. */
  async brushToCompare(): Promise<void> {
    await this.page.getByTestId("brush-compare").click();
  }

  /** Drags across the scatter plot from one point of the page to another. */
  async brush(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 5 });
    await this.page.mouse.up();
  }
}
