"use client";

import { useSessionQuery } from "@/components/queries/useSessionQuery";

/** Who is signed in, and the way out; nothing when reads are open. */
export function SignedInUser() {
  const { data } = useSessionQuery();
  if (!data?.user) return null;
  return (
    <span className="flex items-center gap-2 text-xs text-slate-500" data-testid="signed-in-user">
      <span data-testid="signed-in-name">{data.user.name}</span>
      {data.signOut && (
        <form method="post" action="/api/auth/logout">
          <button type="submit" className="underline hover:text-slate-900 dark:hover:text-slate-100">
            Sign out
          </button>
        </form>
      )}
    </span>
  );
}
