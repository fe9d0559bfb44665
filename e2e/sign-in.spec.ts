import { expect, test } from "@playwright/test";
import { freePort } from "../lib/net/free-port";
import { recentZipkinTrace } from "../test/access/recent-trace";
import { startTestServer, type TestServer } from "../test/test-server";
import { SignInPage } from "./pages/SignInPage";
import { TracePage } from "./pages/TracePage";
import { startTestProvider, type TestProvider } from "./sign-in/oidc-provider";
import { ProviderPages } from "./sign-in/ProviderPages";

/**
 * Signing in with OpenID Connect, end to end: a real provider (oidc-provider) and a Tracelight
 * configured for it, both started here, apart from the shared e2e server. A shared link survives the
 * round trip through the provider; signing out ends the session here and at the provider; a person
 * the allowed domains leave out is told why.
 */

let provider: TestProvider;
let server: TestServer;
let traceId: string;
let spanId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000); // a first build of the app, when the sources changed
  const [tracelightPort, providerPort] = [await freePort(), await freePort()];
  const client = {
    clientId: "tracelight",
    clientSecret: "a test client's secret",
    tracelightUrl: `http://127.0.0.1:${tracelightPort}`,
  };
  provider = await startTestProvider(providerPort, client);
  server = await startTestServer(tracelightPort, {
    peerPorts: false,
    env: {
      TRACELIGHT_PUBLIC_URL: client.tracelightUrl,
      TRACELIGHT_OIDC_ISSUER: provider.issuer,
      TRACELIGHT_OIDC_CLIENT_ID: client.clientId,
      TRACELIGHT_OIDC_CLIENT_SECRET: client.clientSecret,
      TRACELIGHT_OIDC_PROVIDER_NAME: "Test ID",
      TRACELIGHT_ALLOWED_EMAIL_DOMAINS: "example.com",
      TRACELIGHT_SESSION_SECRET: "a session secret of thirty-two characters or more",
    },
  });
  const spans = recentZipkinTrace();
  [traceId, spanId] = [spans[0]?.traceId as string, spans[3]?.id as string];
  const stored = await fetch(`${server.baseUrl}/api/v2/spans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spans),
  });
  expect(stored.status).toBe(202);
});

test.afterAll(async () => {
  await server?.stop();
  await provider?.close();
});

test("a shared link survives signing in, and signing out closes the pages again", async ({ page }) => {
  const link = `${server.baseUrl}/trace/${traceId}?span=${spanId}`;
  const signIn = new SignInPage(page);
  const trace = new TracePage(page);

  await page.goto(link);
  await expect(page).toHaveURL(
    `${server.baseUrl}/signin?next=${encodeURIComponent(`/trace/${traceId}?span=${spanId}`)}`,
  );
  await expect(signIn.providerButton).toHaveText("Sign in with Test ID");
  await signIn.signInWithProvider();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/`));
  await new ProviderPages(page).logIn("alice@example.com");

  await expect(page).toHaveURL(link);
  await expect(trace.row(spanId)).toHaveAttribute("aria-selected", "true");
  await expect(signIn.signedInName).toHaveText("alice@example.com");

  await signIn.signOut();
  await new ProviderPages(page).confirmSignOut();
  await expect(page).toHaveURL(`${server.baseUrl}/signin`);
  await page.goto(`${server.baseUrl}/search`);
  await expect(page).toHaveURL(`${server.baseUrl}/signin?next=%2Fsearch`);
});

test("a person outside the allowed domains is told why, with a 403", async ({ page }) => {
  const signIn = new SignInPage(page);
  await page.goto(`${server.baseUrl}/search`);
  await signIn.signInWithProvider();
  const refused = page.waitForResponse((response) => response.url().includes("/api/auth/callback"));
  await new ProviderPages(page).logIn("mallory@elsewhere.org");

  expect((await refused).status()).toBe(403);
  await expect(signIn.refusal).toHaveText(
    "mallory@elsewhere.org: e-mail addresses at elsewhere.org may not read here",
  );
  await page.goto(`${server.baseUrl}/search`);
  await expect(page).toHaveURL(`${server.baseUrl}/signin?next=%2Fsearch`);
});
