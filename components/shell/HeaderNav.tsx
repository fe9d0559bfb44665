"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/search", label: "Search" },
  { href: "/services", label: "Services" },
  { href: "/dependencies", label: "Dependencies" },
  { href: "/upload", label: "Upload" },
] as const;

export function HeaderNav() {
  const pathname = usePathname();
  return (
    <nav className="flex shrink-0 gap-4 text-sm whitespace-nowrap text-slate-600 dark:text-slate-400">
      {LINKS.map(({ href, label }) => {
        const current = pathname.startsWith(href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className="hover:text-slate-900 aria-[current=page]:font-medium aria-[current=page]:text-slate-900 dark:hover:text-slate-100 dark:aria-[current=page]:text-slate-100"
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
