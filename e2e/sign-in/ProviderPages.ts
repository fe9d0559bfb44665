import type { Page } from "@playwright/test";

/** The test provider's own pages (oidc-provider's development login form and sign-out question). */
export class ProviderPages {
  constructor(private readonly page: Page) {}

  /** Signs in as `email` (the development form takes any password). */
  async logIn(email: string): Promise<void> {
    await this.page.locator('input[name="login"]').fill(email);
    await this.page.locator('input[name="password"]').fill("any password");
    await this.page.getByRole("button", { name: "Sign-in" }).click();
  }

  async confirmSignOut(): Promise<void> {
    await this.page.getByRole("button", { name: "Yes, sign me out" }).click();
  }
}
