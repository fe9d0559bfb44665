import type { Locator, Page } from "@playwright/test";

export class ServicesPage {
  readonly sections: Locator;
  readonly summary: Locator;
  readonly empty: Locator;
  readonly error: Locator;
  readonly lookback: Locator;
  readonly sort: Locator;
  /** "21–40 of 57 services" */
  readonly pageRange: Locator;
  readonly next: Locator;
  readonly previous: Locator;

  constructor(private readonly page: Page) {
    this.sections = page.getByTestId("service-section");
    this.summary = page.getByTestId("services-summary");
    this.empty = page.getByTestId("services-empty");
    this.error = page.getByTestId("services-error");
    this.lookback = page.getByTestId("services-lookback");
    this.sort = page.getByTestId("services-sort");
    this.pageRange = page.getByTestId("services-page");
    const pager = page.getByTestId("services-pager");
    this.next = pager.getByRole("link", { name: "Next" });
    this.previous = pager.getByRole("link", { name: "Previous" });
  }

  /** The services shown, in order. */
  async serviceNames(): Promise<string[]> {
    return this.sections.evaluateAll((sections) =>
      sections.map((section) => section.getAttribute("data-service") ?? ""),
    );
  }

  /** Opens the page and waits for the metrics' answer, shown, empty or refused: by then it has hydrated. */
  async open(query = ""): Promise<void> {
    await this.page.goto(`/services${query ? `?${query}` : ""}`);
    await this.sections.first().or(this.empty).or(this.error).waitFor();
  }

  section(service: string): Locator {
    return this.page.locator(`[data-testid="service-section"][data-service="${service}"]`);
  }

  totals(service: string): Locator {
    return this.section(service).getByTestId("service-totals");
  }

  operation(service: string, name: string): Locator {
    return this.section(service).locator(`[data-testid="operation-row"][data-operation="${name}"]`);
  }

  operationLink(service: string, name: string): Locator {
    return this.operation(service, name).getByTestId("operation-link");
  }

  /** The link from a service's busiest operations to its own page, with all of them. */
  allOperations(service: string): Locator {
    return this.section(service).getByTestId("service-all-operations");
  }

  calls(service: string, name: string): Locator {
    return this.operation(service, name).getByTestId("operation-calls");
  }

  chart(service: string, name: string, chart: "rate" | "error" | "latency"): Locator {
    return this.operation(service, name).getByTestId(`${chart}-chart`);
  }
}
