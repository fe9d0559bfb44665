import type { Locator, Page } from "@playwright/test";

/** A file handed to the page as it would come from disk, without one. */
export interface FileContent {
  name: string;
  mimeType: string;
  content: string;
}

export class UploadPage {
  readonly heading: Locator;
  readonly input: Locator;
  readonly chooseButton: Locator;
  readonly dropzone: Locator;
  readonly summary: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Upload traces" });
    this.input = page.getByTestId("upload-input");
    this.chooseButton = page.getByRole("button", { name: "Choose files…" });
    this.dropzone = page.getByTestId("upload-dropzone");
    this.summary = page.getByTestId("upload-summary");
  }

  async open(): Promise<void> {
    await this.page.goto("/upload");
    await this.heading.waitFor();
    // The header's database check answers once the page has hydrated and its inputs take files.
    await this.page.getByTestId("db-status").filter({ hasText: "database" }).waitFor();
  }

  /** Picks files with the input directly, several at once. */
  async pick(paths: string[]): Promise<void> {
    await this.input.setInputFiles(paths);
  }

  /** Picks files as a keyboard user does: Tab to the button, Enter, and the browser's file chooser. */
  async pickWithKeyboard(paths: string[]): Promise<void> {
    await this.chooseButton.focus();
    const chooser = this.page.waitForEvent("filechooser");
    await this.page.keyboard.press("Enter");
    await (await chooser).setFiles(paths);
  }

  /** Drags files over the drop zone; returns once the zone has seen them arrive, before the drop. */
  async dragOver(files: FileContent[]): Promise<void> {
    await this.dropzone.dispatchEvent("dragenter", { dataTransfer: await this.dataTransfer(files) });
  }

  async drop(files: FileContent[]): Promise<void> {
    const dataTransfer = await this.dataTransfer(files);
    await this.dropzone.dispatchEvent("dragover", { dataTransfer });
    await this.dropzone.dispatchEvent("drop", { dataTransfer });
  }

  file(name: string): Locator {
    const quoted = name.replace(/["\\]/g, "\\$&");
    return this.page.locator(`[data-testid="upload-file"][data-file-name="${quoted}"]`);
  }

  state(name: string): Locator {
    return this.file(name).getByTestId("upload-state");
  }

  stored(name: string): Locator {
    return this.file(name).getByTestId("upload-stored");
  }

  error(name: string): Locator {
    return this.file(name).getByTestId("upload-error");
  }

  traceLink(name: string, traceId: string): Locator {
    return this.file(name).getByRole("link", { name: traceId, exact: true });
  }

  private dataTransfer(files: FileContent[]) {
    return this.page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const { name, mimeType, content } of list) {
        transfer.items.add(new File([content], name, { type: mimeType }));
      }
      return transfer;
    }, files);
  }
}
