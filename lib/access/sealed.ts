import { hkdfSync } from "node:crypto";
import { EncryptJWT, type JWTPayload, jwtDecrypt } from "jose";

/**
 * Values sealed for the browser to keep and hand back (the session, the sign-in round trip's state):
 * an encrypted JWT (JWE, `dir` + A256GCM), so the browser can neither read nor change them and no
 * server-side store is needed. Each purpose has a key of its own derived from the one secret (HKDF),
 * so a value sealed for one purpose never opens as another.
 */
export type Purpose = "session" | "sign-in";

export type Seal = (payload: JWTPayload, lifetimeS: number) => Promise<string>;
/** The payload, or undefined when the value is not one of ours, was altered or has expired. */
export type Unseal = (sealed: string) => Promise<JWTPayload | undefined>;

export function sealer(secret: Uint8Array, purpose: Purpose): { seal: Seal; unseal: Unseal } {
  const raw = new Uint8Array(hkdfSync("sha256", secret, new Uint8Array(0), `tracelight ${purpose}`, 32));
  // Imported once: jose would import raw bytes again on every request.
  const key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
  return {
    seal: async (payload, lifetimeS) =>
      new EncryptJWT(payload)
        .setProtectedHeader({ alg: "dir", enc: "A256GCM", typ: purpose })
        .setIssuedAt()
        .setExpirationTime(`${Math.max(1, Math.round(lifetimeS))}s`)
        .encrypt(await key),
    unseal: async (sealed) => {
      try {
        const { payload } = await jwtDecrypt(sealed, await key, {
          keyManagementAlgorithms: ["dir"],
          contentEncryptionAlgorithms: ["A256GCM"],
          typ: purpose,
        });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}
