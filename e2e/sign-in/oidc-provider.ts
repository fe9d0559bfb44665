import { createServer } from "node:http";
import Provider, { type Context } from "oidc-provider";

/**
 * A real OpenID Connect provider (oidc-provider, the certified implementation openid-client is tested
 * against) for the sign-in tests, in the test's own process. Its development login form takes any
 * login with any password; the login is the person's e-mail address. Consent is given for its one
 * client, as a company's provider does for its own applications.
 */
export interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** Tracelight's public URL: the callback and the return after signing out are under it. */
  tracelightUrl: string;
}

const SCOPES = "openid email profile";

/** Listens on 127.0.0.2: another site than Tracelight's 127.0.0.1, as a real provider is. */
export async function startTestProvider(port: number, client: TestClient): Promise<TestProvider> {
  const issuer = `http://127.0.0.2:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [`${client.tracelightUrl}/api/auth/callback`],
        post_logout_redirect_uris: [`${client.tracelightUrl}/signin`],
      },
    ],
    claims: { email: ["email", "email_verified"], profile: ["name"] },
    findAccount: (_: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: true, name: id.split("@")[0] }),
    }),
    loadExistingGrant: async (ctx: Context) => {
      const {
        client: { clientId },
        session,
        result,
      } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(clientId);
      if (grantId) return provider.Grant.find(grantId);
      if (!session.accountId) return undefined;
      const grant = new provider.Grant({ clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
    cookies: { keys: ["a test provider's cookie key"] },
  });
  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.2", resolve));
  return {
    issuer,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
