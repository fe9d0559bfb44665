import Link from "next/link";
import { describePage, type ServicesView, servicesPageQuery } from "@/lib/services/services-view";

const BUTTON = "rounded border border-slate-300 px-2 py-0.5 dark:border-slate-700";

/** "21–40 of 57 services", with the previous and next pages as links (the page is in the URL). */
export function ServicesPager({
  view,
  offset,
  shown,
  total,
  noun,
}: {
  view: ServicesView;
  offset: number;
  shown: number;
  total: number;
  noun: string;
}) {
  const href = (page: number) => `/services?${servicesPageQuery({ ...view, page })}`;
  const hasPrevious = view.page > 1;
  const hasNext = offset + shown < total;
  return (
    <nav className="flex items-center gap-3 text-sm" aria-label="Pages" data-testid="services-pager">
      <span className="tabular-nums text-slate-600 dark:text-slate-400" data-testid="services-page">
        {describePage(offset, shown, total, noun)}
      </span>
      {hasPrevious ? (
        <Link href={href(view.page - 1)} className={`${BUTTON} hover:bg-slate-100 dark:hover:bg-slate-800`}>
          Previous
        </Link>
      ) : (
        <span className={`${BUTTON} text-slate-400`} aria-disabled="true">
          Previous
        </span>
      )}
      {hasNext ? (
        <Link href={href(view.page + 1)} className={`${BUTTON} hover:bg-slate-100 dark:hover:bg-slate-800`}>
          Next
        </Link>
      ) : (
        <span className={`${BUTTON} text-slate-400`} aria-disabled="true">
          Next
        </span>
      )}
    </nav>
  );
}
