import type { Locator, Page } from "@playwright/test";

/** Tracelight's sign-in page, and the header's part of signing in and out. */
export class SignInPage {
  readonly providerButton: Locator;
  readonly signedInName: Locator;
  readonly signOutButton: Locator;
  /** The message of a page the sign-in flow answers itself (refused, failed). */
  readonly refusal: Locator;

  constructor(page: Page) {
    this.providerButton = page.getByTestId("sign-in-provider");
    this.signedInName = page.getByTestId("signed-in-name");
    this.signOutButton = page.getByTestId("signed-in-user").getByRole("button", { name: "Sign out" });
    this.refusal = page.getByTestId("auth-message");
  }

  async signInWithProvider(): Promise<void> {
    await this.providerButton.click();
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
  }
}
