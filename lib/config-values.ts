import { z } from "zod";
import { parseNamedTokens } from "./access/named-tokens";
import { parseDurationUs } from "./format/duration";

/**
 * The kinds of value the settings take (lib/config.ts), each validated where it is read, so a typo
 * fails at start naming what was expected.
 */

/** A duration such as `7d` or `48h`, as microseconds. */
export const durationUs = z.string().transform((text, ctx) => {
  const us = parseDurationUs(text);
  if (us === undefined || us <= 0) {
    ctx.addIssue({ code: "custom", message: `expected a duration such as 7d or 48h, got "${text}"` });
    return z.NEVER;
  }
  return us;
});

/** A peer's well-known port: a number, or "off" not to listen on it. */
export const peerPort = (port: number) =>
  z
    .union([z.literal("off"), z.coerce.number().int().min(0).max(65535)], {
      error: 'expected a port number or "off"',
    })
    .default(port);

/** A comma-separated list, trimmed, without empty entries or repeats. */
export const commaSeparated = (text: string) =>
  [...new Set(text.split(",").map((entry) => entry.trim()))].filter((entry) => entry !== "");

/**
 * TRACELIGHT_ALLOWED_HOSTS: host names (no scheme or port) besides the ones always allowed
 * (lib/access/hosts.ts); `.example.com` allows its subdomains, `*` any name.
 */
export const allowedHosts = z
  .string()
  .default("")
  .transform((text) => commaSeparated(text.toLowerCase()))
  .refine((names) => names.every((name) => /^(\*|\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?)$/.test(name)), {
    message: "expected host names such as tracelight.example or .example.com, without a scheme or port",
  });

/** TRACELIGHT_CORS_ORIGINS: browser origins (scheme://host[:port]) allowed to call the APIs. */
export const corsOrigins = z
  .string()
  .default("")
  .transform((text, ctx) =>
    commaSeparated(text).map((entry) => {
      const url = URL.canParse(entry) ? new URL(entry) : undefined;
      // An origin is a URL with nothing past its port; "null" for schemes that have none (file:).
      const origin = url && url.origin !== "null" && url.href === `${url.origin}/` ? url.origin : undefined;
      if (origin === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `expected origins such as https://app.example, got "${entry}"`,
        });
        return z.NEVER;
      }
      return origin;
    }),
  );

/** Comma-separated values, trimmed, without empties or repeats. */
export const list = z.string().transform((text) => commaSeparated(text));

export const namedTokens = z.string().transform((text, ctx) => {
  try {
    return parseNamedTokens(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});

export const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });
