import type { Locator, Page } from "@playwright/test";

/** The search page in TraceQL mode (`/search?q=`): the editor, its suggestions and its error. */
export class TraceQLPage {
  readonly editor: Locator;
  readonly suggestions: Locator;
  readonly activeSuggestion: Locator;
  readonly highlight: Locator;
  readonly underlined: Locator;
  readonly error: Locator;
  readonly results: Locator;
  readonly searchError: Locator;
  readonly formTab: Locator;
  readonly traceqlTab: Locator;

  constructor(private readonly page: Page) {
    this.editor = page.getByRole("combobox", { name: "TraceQL query" });
    this.suggestions = page.getByRole("listbox", { name: "TraceQL suggestions" }).getByRole("option");
    this.activeSuggestion = page
      .getByRole("listbox", { name: "TraceQL suggestions" })
      .getByRole("option", { selected: true });
    this.highlight = page.getByTestId("traceql-highlight");
    this.underlined = this.highlight.locator("[data-error]");
    this.error = page.getByTestId("traceql-error");
    this.results = page.getByTestId("trace-result");
    this.searchError = page.getByTestId("search-error");
    this.formTab = page.getByTestId("mode-form");
    this.traceqlTab = page.getByTestId("mode-traceql");
  }

  /** Opens TraceQL mode with a query (and window parameters), waiting until the editor takes input. */
  async open(q = "", extra = ""): Promise<void> {
    await this.page.goto(`/search?${new URLSearchParams({ q })}${extra ? `&${extra}` : ""}`);
    await this.editor.waitFor();
    if (q) await this.results.first().or(this.page.getByTestId("no-results")).or(this.searchError).waitFor();
  }

  /** Types at the editor's cursor, key by key, as a person does. */
  async type(text: string): Promise<void> {
    await this.editor.pressSequentially(text);
  }

  /** Moves down the open suggestions to the one labelled `label` and takes it with Enter. */
  async pick(label: string): Promise<void> {
    await this.suggestions.filter({ hasText: label }).first().waitFor();
    for (let i = 0; i < 50; i++) {
      await this.editor.press("ArrowDown");
      if ((await this.activeSuggestion.locator("span").first().textContent()) === label) break;
    }
    await this.editor.press("Enter");
  }

  result(traceId: string): Locator {
    return this.page.locator(`[data-testid="trace-result"][data-trace-id="${traceId}"]`);
  }
}
