import type { Locator, Page } from "@playwright/test";

/** The trace page's "Graph" tab: its operations or services as boxes, the calls between them as edges. */
export class SpanGraphPanel {
  readonly view: Locator;
  readonly nodes: Locator;
  readonly edges: Locator;
  readonly summary: Locator;

  constructor(private readonly page: Page) {
    this.view = page.getByTestId("trace-graph");
    this.nodes = page.getByTestId("span-graph-node");
    this.edges = page.getByTestId("span-graph-edge");
    this.summary = page.getByTestId("trace-graph-summary");
  }

  /** An operation's box, or a service's when `operation` is left out (`?graphBy=service`). */
  node(service: string, operation?: string): Locator {
    const selector = `[data-testid="span-graph-node"][data-service="${service}"]`;
    return this.page.locator(
      operation === undefined
        ? `${selector}:not([data-operation])`
        : `${selector}[data-operation="${operation}"]`,
    );
  }

  /** The box the least busy operations (or services) are folded into. */
  folded(): Locator {
    return this.page.locator('[data-testid="span-graph-node"][data-folded]');
  }

  /** The edge's label between two nodes, named as the graph names them: "web: call api", or "web". */
  edge(from: string, to: string): Locator {
    return this.page.locator(`[data-testid="span-graph-edge"][data-from="${from}"][data-to="${to}"]`);
  }

  /** The edge's line, drawn beneath every label. */
  edgeLine(from: string, to: string): Locator {
    return this.page.locator(`[data-testid="span-graph-edge-line"][data-from="${from}"][data-to="${to}"]`);
  }

  groupBy(grouping: "operation" | "service"): Locator {
    return this.page.getByTestId(`graph-by-${grouping}`);
  }
}
