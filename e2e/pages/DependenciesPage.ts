import type { Locator, Page } from "@playwright/test";

/** A box on screen, in CSS pixels from the viewport's top left. */
export interface ScreenBox {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export class DependenciesPage {
  readonly graph: Locator;
  readonly svg: Locator;
  readonly nodes: Locator;
  readonly edges: Locator;
  readonly tooltip: Locator;
  readonly panel: Locator;
  readonly tracesLink: Locator;
  readonly summary: Locator;
  readonly empty: Locator;
  /** The window has calls, but none of the focused service's. */
  readonly focusMissing: Locator;
  readonly error: Locator;
  readonly lookback: Locator;
  readonly legend: Locator;
  readonly search: Locator;
  readonly suggestions: Locator;
  readonly hops: Locator;
  readonly clearFocus: Locator;
  readonly fold: Locator;
  readonly listRows: Locator;

  constructor(private readonly page: Page) {
    this.graph = page.getByTestId("dependency-graph");
    this.svg = page.getByTestId("graph-svg");
    this.nodes = page.getByTestId("graph-node");
    this.edges = page.getByTestId("graph-edge");
    this.tooltip = page.getByTestId("edge-tooltip");
    this.panel = page.getByTestId("node-panel");
    this.tracesLink = page.getByTestId("node-traces-link");
    this.summary = page.getByTestId("graph-summary");
    this.empty = page.getByTestId("graph-empty");
    this.focusMissing = page.getByTestId("graph-focus-missing");
    this.error = page.getByTestId("graph-error");
    this.lookback = page.getByTestId("graph-lookback");
    this.legend = page.getByTestId("graph-legend");
    this.search = page.getByTestId("graph-search");
    this.suggestions = page.getByTestId("graph-search-suggestion");
    this.hops = page.getByTestId("graph-hops");
    this.clearFocus = page.getByTestId("graph-clear-focus");
    this.fold = page.getByTestId("graph-fold");
    this.listRows = page.getByTestId("graph-list-row");
  }

  /**
   * Opens the page and waits for the graph's answer, drawn, empty (for the focus too: its links may
   * not be derived yet while other services' are) or refused: by then it has hydrated.
   */
  async open(query = ""): Promise<void> {
    await this.page.goto(`/dependencies${query ? `?${query}` : ""}`);
    const answered = this.nodes.first().or(this.listRows.first()).or(this.empty).or(this.focusMissing);
    await answered.or(this.error).waitFor();
  }

  /** A node's label, its whole name in wrapped lines. */
  label(name: string): Locator {
    return this.node(name).getByTestId("graph-node-label");
  }

  /** The count of leaves folded into a node. */
  foldedCount(name: string): Locator {
    return this.node(name).getByTestId("graph-node-folded");
  }

  viewButton(view: "graph" | "list"): Locator {
    return this.page.getByTestId(`view-${view}`);
  }

  listRow(name: string): Locator {
    return this.page.locator(`[data-testid="graph-list-row"][data-name="${name}"]`);
  }

  /** Clicks the middle of an edge's curve. */
  async clickEdge(parent: string, child: string): Promise<void> {
    await this.hoverEdge(parent, child);
    await this.page.mouse.down();
    await this.page.mouse.up();
  }

  node(name: string): Locator {
    return this.page.locator(`[data-testid="graph-node"][data-name="${name}"]`);
  }

  edge(parent: string, child: string): Locator {
    return this.page.locator(`[data-testid="graph-edge"][data-parent="${parent}"][data-child="${child}"]`);
  }

  layoutButton(mode: "dag" | "force"): Locator {
    return this.page.getByTestId(`layout-${mode}`);
  }

  /** The panel's row for a node calling the selected one. */
  incoming(peer: string): Locator {
    return this.panel.locator(`[data-testid="node-incoming"][data-peer="${peer}"]`);
  }

  /** The panel's row for a node the selected one calls. */
  outgoing(peer: string): Locator {
    return this.panel.locator(`[data-testid="node-outgoing"][data-peer="${peer}"]`);
  }

  /** Moves the mouse onto the middle of an edge's curve (a curve's bounding box centre may be off it). */
  async hoverEdge(parent: string, child: string): Promise<void> {
    const point = await this.edge(parent, child)
      .locator("path")
      .first()
      .evaluate((path: SVGPathElement) => {
        const middle = path.getPointAtLength(path.getTotalLength() / 2);
        const screen = new DOMPoint(middle.x, middle.y).matrixTransform(path.getScreenCTM() ?? undefined);
        return { x: screen.x, y: screen.y };
      });
    await this.page.mouse.move(point.x, point.y);
  }

  /** Each node's shape (its label left out) as it is on screen. */
  async nodeShapeBoxes(): Promise<ScreenBox[]> {
    return this.nodes.evaluateAll((nodes) =>
      nodes.map((node) => {
        const { x, y, width, height } = (
          node.querySelector("path") as SVGPathElement
        ).getBoundingClientRect();
        return { name: node.getAttribute("data-name") ?? "", x, y, width, height };
      }),
    );
  }

  async svgBox(): Promise<ScreenBox> {
    const box = await this.svg.boundingBox();
    if (!box) throw new Error("the graph is not on screen");
    return { name: "svg", ...box };
  }

  /** The stroke width of an edge's visible path, in the drawing's units. */
  async edgeWidth(parent: string, child: string): Promise<number> {
    return Number(await this.edge(parent, child).locator("path").first().getAttribute("stroke-width"));
  }
}
