import type { Locator, Page, Response } from "@playwright/test";

/** The header every page shares: navigation, the trace-id box, the shortcut help and the theme toggle. */
export class AppShell {
  readonly html: Locator;
  readonly themeToggle: Locator;
  readonly traceIdJump: Locator;
  readonly traceIdJumpError: Locator;
  readonly shortcutsButton: Locator;
  readonly shortcuts: Locator;

  constructor(private readonly page: Page) {
    this.html = page.locator("html");
    this.themeToggle = page.getByTestId("theme-toggle");
    this.traceIdJump = page.getByTestId("trace-id-jump");
    this.traceIdJumpError = page.getByTestId("trace-id-jump-error");
    this.shortcutsButton = page.getByRole("button", { name: "Keyboard shortcuts (?)" });
    this.shortcuts = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  }

  /** The titles of the shortcut help's groups, in order. */
  shortcutGroups(): Locator {
    return this.shortcuts.getByRole("heading", { level: 3 });
  }

  /** One group of the shortcut help: its keys and what each does, row by row. */
  shortcutGroup(title: string): { keys: Locator; does: Locator } {
    const group = this.shortcuts.getByRole("region", { name: title, exact: true });
    return { keys: group.getByTestId("shortcut-keys"), does: group.getByTestId("shortcut-does") };
  }

  /**
   * Opens a page and waits until the header's database check has answered: the page has hydrated.
   * Returns the page's own response.
   */
  async open(path = "/"): Promise<Response | null> {
    const response = await this.page.goto(path);
    await this.page.getByTestId("db-status").filter({ hasText: "database" }).waitFor();
    return response;
  }

  navLink(name: string): Locator {
    return this.page.getByRole("navigation").getByRole("link", { name, exact: true });
  }

  async jumpToTrace(text: string): Promise<void> {
    await this.traceIdJump.fill(text);
    await this.traceIdJump.press("Enter");
  }

  /** The body's background as relative luminance, 0 (black) to 1 (white), whatever colour space CSS used. */
  async bodyBackgroundLuminance(): Promise<number> {
    return this.page.evaluate(() => {
      // Tailwind 4 colours are oklch(); a canvas converts any CSS colour to sRGB bytes.
      const context = document.createElement("canvas").getContext("2d");
      if (!context) throw new Error("no 2d canvas");
      context.fillStyle = getComputedStyle(document.body).backgroundColor;
      context.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
      const linear = (byte: number) => {
        const c = byte / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    });
  }
}
