import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from "jose";

/**
 * A stand-in for an identity-aware proxy's signing side (Pomerium's): a key pair made by the test,
 * its public half served as a JWKS from a local HTTP server, and assertions signed with it — or with
 * a key the proxy does not publish, or with none.
 */
export interface FakeProxy {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** An assertion as the proxy makes it; `claims` override or add to the defaults. */
  assert(claims?: JWTPayload, options?: { expiresInS?: number }): Promise<string>;
  /** The same, signed with a key of the test's that the JWKS does not list, under the proxy's key id. */
  assertWithOtherKey(claims?: JWTPayload): Promise<string>;
  /** The same, unsigned (`alg: none`). */
  assertUnsigned(claims?: JWTPayload): string;
  close(): Promise<void>;
}

const KID = "proxy-key-1";

export async function startFakeProxy(audience = "tracelight.example.com"): Promise<FakeProxy> {
  const proxyKeys = await generateKeyPair("ES256");
  const otherKeys = await generateKeyPair("ES256");
  const jwks = { keys: [{ ...(await exportJWK(proxyKeys.publicKey)), kid: KID, alg: "ES256", use: "sig" }] };
  const server = createServer((_, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/pomerium/jwks.json`;
  const issuer = audience;
  /** The defaults, `claims` over them; a claim given as undefined is left out. */
  const payload = (claims: JWTPayload = {}, expiresInS = 300): JWTPayload => {
    const nowS = Math.floor(Date.now() / 1000);
    const all: JWTPayload = {
      iss: issuer,
      aud: audience,
      iat: nowS,
      exp: nowS + expiresInS,
      sub: "user-1",
      email: "alice@example.com",
      groups: ["sre"],
      ...claims,
    };
    return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
  };
  const sign = (key: CryptoKey, claims?: JWTPayload, expiresInS?: number) =>
    new SignJWT(payload(claims, expiresInS)).setProtectedHeader({ alg: "ES256", kid: KID }).sign(key);
  return {
    jwksUrl,
    issuer,
    audience,
    assert: (claims, options) => sign(proxyKeys.privateKey, claims, options?.expiresInS),
    assertWithOtherKey: (claims) => sign(otherKeys.privateKey, claims),
    assertUnsigned: (claims) =>
      new UnsecuredJWT(payload(claims))
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime("5m")
        .encode(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
