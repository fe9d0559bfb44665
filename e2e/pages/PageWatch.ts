import type { Page } from "@playwright/test";

/**
 * What a page must never do, watched across its navigations: open a dialog, break its Content
 * Security Policy (a blocked inline script or handler is something injected, or a script of ours
 * without the nonce), or hold markup a stored value smuggled in.
 */
export class PageWatch {
  readonly dialogs: string[] = [];
  readonly cspViolations: string[] = [];

  constructor(private readonly page: Page) {
    page.on("dialog", (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Chromium reports each violation on the console ("Refused to execute inline script because it
    // violates the following Content Security Policy directive …").
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) this.cspViolations.push(message.text());
    });
  }

  /**
   * Elements and state that only an injection makes: what the payloads set (`window.__xss`), inline
   * handlers, frames, `javascript:` links, inline scripts without the nonce.
   */
  async injected(): Promise<string[]> {
    return this.page.evaluate(() => {
      const found: string[] = [];
      if ((window as { __xss?: unknown }).__xss !== undefined) found.push("window.__xss was set");
      const selectors = [
        'img[src="x"]',
        "[onerror]",
        "[onload]",
        "[onclick]",
        "[onmouseover]",
        "[onfocus]",
        "iframe",
        "object",
        "embed",
        "[srcdoc]",
        'a[href^="javascript:" i]',
        "script:not([src]):not([nonce])",
      ];
      for (const selector of selectors) {
        const count = document.querySelectorAll(selector).length;
        if (count > 0) found.push(`${count} × ${selector}`);
      }
      return found;
    });
  }
}
