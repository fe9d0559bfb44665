import type { SignInChoices } from "@/lib/access/sign-in-choices";

interface Props extends SignInChoices {
  /** The same-site link to return to once signed in. */
  next: string;
  tokenRefused: boolean;
}

const BUTTON =
  "block w-full rounded bg-sky-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-sky-700";

/** The sign-in page's ways in: the provider's button, a read token's field, or why there is none. */
export function SignInChoicesView({ provider, readTokens, next, tokenRefused }: Props) {
  return (
    <>
      {provider && (
        <a
          href={`/api/auth/login?next=${encodeURIComponent(next)}`}
          className={BUTTON}
          data-testid="sign-in-provider"
        >
          Sign in with {provider}
        </a>
      )}
      {readTokens && (
        <form method="post" action="/api/auth/token" className="space-y-2" data-testid="sign-in-token">
          <input type="hidden" name="next" value={next} />
          <label className="block text-sm">
            Read token
            <input
              type="password"
              name="token"
              required
              autoComplete="off"
              className="mt-1 block w-full rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          {tokenRefused && (
            <p role="alert" className="text-sm text-red-600">
              That is not a read token.
            </p>
          )}
          <button type="submit" className={BUTTON}>
            Sign in with the token
          </button>
        </form>
      )}
      {!provider && !readTokens && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          There is nothing to sign in to here: Tracelight is open, or reached through a proxy that signs you
          in.
        </p>
      )}
    </>
  );
}
