"use client";

import Link from "next/link";

/** Form | TraceQL: which way the search page asks, each a link to that mode's URL. */
export function SearchModeTabs({
  mode,
  formHref,
  traceqlHref,
}: {
  mode: "form" | "traceql";
  formHref: string;
  traceqlHref: string;
}) {
  const tab = (id: "form" | "traceql", label: string, href: string) => (
    <Link
      href={href}
      className={`-mb-px border-b-2 px-3 py-1 ${mode === id ? "border-sky-600 font-medium" : "border-transparent text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"}`}
      aria-current={mode === id ? "page" : undefined}
      data-testid={`mode-${id}`}
    >
      {label}
    </Link>
  );
  return (
    <nav
      className="mb-3 flex gap-1 border-b border-slate-200 text-sm dark:border-slate-800"
      aria-label="Search mode"
    >
      {tab("form", "Form", formHref)}
      {tab("traceql", "TraceQL", traceqlHref)}
    </nav>
  );
}
