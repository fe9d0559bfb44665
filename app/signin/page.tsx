import type { Metadata } from "next";
import { connection } from "next/server";
import { SignInChoicesView } from "@/components/signin/SignInChoicesView";
import { safeReturnPath } from "@/lib/access/return-to";
import { signInChoices } from "@/lib/access/sign-in-choices";
import { readConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Sign in · Tracelight" };

/**
 * Where a reader without a session lands (lib/access/readers.ts), `?next=` carrying the link they
 * opened, which they are sent on to once signed in. Plain links and forms: it works before, or
 * without, the app's JavaScript.
 */
export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  await connection(); // the running server's settings, never the ones at build time
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return (
    <section className="mx-auto mt-16 max-w-sm space-y-6">
      <h1 className="text-lg font-semibold">Sign in to Tracelight</h1>
      <SignInChoicesView
        {...signInChoices(readConfig())}
        next={safeReturnPath(first(params.next))}
        tokenRefused={first(params.error) === "token"}
      />
    </section>
  );
}
