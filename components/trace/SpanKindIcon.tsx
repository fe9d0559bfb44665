import type { ReactNode } from "react";
import type { SpanIcon, SpanIconShape } from "@/lib/trace/span-kind-icon";

/** Each shape on a 12-unit grid, drawn in lines of the text's colour. */
const GLYPHS: Record<SpanIconShape, ReactNode> = {
  // An arrow into a box: a request received.
  server: <path d="M1 6h6M4.5 3.5 7 6 4.5 8.5M8.5 2H11v8H8.5" />,
  // An arrow out of a box: a request sent.
  client: <path d="M3.5 2H1v8h2.5M5 6h6M8.5 3.5 11 6 8.5 8.5" />,
  database: (
    <>
      <ellipse cx="6" cy="2.75" rx="4.25" ry="1.5" />
      <path d="M1.75 2.75v6.5c0 .8 1.9 1.5 4.25 1.5s4.25-.7 4.25-1.5v-6.5M1.75 6c0 .8 1.9 1.5 4.25 1.5s4.25-.7 4.25-1.5" />
    </>
  ),
  messaging: (
    <>
      <rect x="1" y="2.5" width="10" height="7" rx="1" />
      <path d="m1.5 3 4.5 3.5L10.5 3" />
    </>
  ),
  rpc: <path d="M4 2.5 1 6l3 3.5M8 2.5 11 6 8 9.5M6.75 2 5.25 10" />,
  internal: <circle cx="6" cy="6" r="2.5" />,
};

/** A span's kind or system as a small inline icon, named in words for a title and screen readers. */
export function SpanKindIcon({ icon }: { icon: SpanIcon }) {
  return (
    <svg
      viewBox="0 0 12 12"
      className="size-3 shrink-0 text-slate-500"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.2}
      strokeLinecap="round"
      strokeLinejoin="round"
      role="img"
      aria-label={icon.label}
      data-testid="span-kind-icon"
      data-shape={icon.shape}
    >
      <title>{icon.label}</title>
      {GLYPHS[icon.shape]}
    </svg>
  );
}
