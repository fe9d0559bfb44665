import {
  DEFAULT_SORT,
  OVERFLOW_NAME,
  SERVICE_METRICS_SORTS,
  SERVICES_PAGE_SIZE,
  type ServiceMetricsSort,
  type SortOrder,
} from "../api/service-metrics";
import { countOf } from "../format/count";
import { tracesHref } from "../search/search-url";
import { type GraphWindow, graphApiQuery, graphWindow } from "../time/window";

/** The steps the page offers; "auto" lets the server choose one from the window. */
export const STEPS = ["auto", "1m", "5m", "15m", "1h"] as const;
export type Step = (typeof STEPS)[number];

/**
 * How often the page reads its numbers again. On by default: the page is an on-call engineer's live
 * overview, and a lookback window read again is moved to now by the server.
 */
export const REFRESHES = ["off", "10s", "30s", "1m"] as const;
export type Refresh = (typeof REFRESHES)[number];
const DEFAULT_REFRESH: Refresh = "30s";
const REFRESH_MS: Record<Refresh, number | false> = {
  off: false,
  "10s": 10_000,
  "30s": 30_000,
  "1m": 60_000,
};

/**
 * The services page's URL: its window as on the dependencies page (lib/time/window.ts), then
 * `sort` and `order` (worst first by default: the highest error rate), `page` (from 1), `service`
 * (one service's page, which pages its operations instead of the services), `step` (the series'
 * step, auto by default) and `refresh` (30s by default). Defaults are left out, so a copied link
 * reads as what it shows; a value that cannot be read is its default, as an old link should open.
 */
export interface ServicesView {
  window: GraphWindow;
  sort: ServiceMetricsSort;
  order: SortOrder;
  page: number;
  /** "" for the page of all services. */
  service: string;
  step: Step;
  refresh: Refresh;
}

/** The order a sort starts in: worst (or most) first, names from A. As the API has it. */
export function defaultOrder(sort: ServiceMetricsSort): SortOrder {
  return sort === "name" ? "asc" : "desc";
}

export function servicesView(params: URLSearchParams): ServicesView {
  const page = Number(params.get("page"));
  const sort = oneOf(SERVICE_METRICS_SORTS, params.get("sort")) ?? DEFAULT_SORT;
  return {
    window: graphWindow(params),
    sort,
    order: oneOf(["desc", "asc"] as const, params.get("order")) ?? defaultOrder(sort),
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    service: params.get("service") ?? "",
    step: oneOf(STEPS, params.get("step")) ?? "auto",
    refresh: oneOf(REFRESHES, params.get("refresh")) ?? DEFAULT_REFRESH,
  };
}

function oneOf<T extends string>(choices: readonly T[], value: string | null): T | undefined {
  return choices.find((choice) => choice === value);
}

/** The page's query string for a view. */
export function servicesPageQuery(view: ServicesView): string {
  const params = new URLSearchParams(graphApiQuery(view.window));
  if (view.service !== "") params.set("service", view.service);
  if (view.sort !== DEFAULT_SORT) params.set("sort", view.sort);
  if (view.order !== defaultOrder(view.sort)) params.set("order", view.order);
  if (view.page > 1) params.set("page", String(view.page));
  if (view.step !== "auto") params.set("step", view.step);
  if (view.refresh !== DEFAULT_REFRESH) params.set("refresh", view.refresh);
  return params.toString();
}

/**
 * The view after a click on a column's header: that column in its own first order, or the current
 * column reversed. Back to the first page, whose rows are the new order's first.
 */
export function sortedBy(view: ServicesView, sort: ServiceMetricsSort): ServicesView {
  const order = sort === view.sort ? (view.order === "desc" ? "asc" : "desc") : defaultOrder(sort);
  return { ...view, sort, order, page: 1 };
}

/** The query string of `GET /api/services/metrics` for a view: its page as offset and limit. */
export function servicesApiQuery(view: ServicesView): string {
  const params = new URLSearchParams(graphApiQuery(view.window));
  if (view.service !== "") params.set("service", view.service);
  params.set("sort", view.sort);
  params.set("order", view.order);
  params.set("offset", String((view.page - 1) * SERVICES_PAGE_SIZE));
  params.set("limit", String(SERVICES_PAGE_SIZE));
  if (view.step !== "auto") params.set("step", view.step);
  return params.toString();
}

/**
 * How often to read the view's numbers again, in ms, or false. A window with an end does not move,
 * so reading it again would only show the same numbers: it is not refreshed.
 */
export function refreshIntervalMs(view: ServicesView): number | false {
  return view.window.start !== "" && view.window.end !== "" ? false : REFRESH_MS[view.refresh];
}

/** "21–40 of 57 services"; "none of 57 services" past the last page. */
export function describePage(offset: number, shown: number, total: number, noun: string): string {
  if (shown === 0) return `none of ${countOf(total, noun)}`;
  return `${offset + 1}–${offset + shown} of ${countOf(total, noun)}`;
}

/**
 * What the overflow rows (lib/db/save-spans.ts) are called on the page, with why they exist; a
 * listed name is itself.
 */
export function overflowLabel(name: string, of: "service" | "operation"): { label: string; why?: string } {
  if (name !== OVERFLOW_NAME) return { label: name };
  return of === "service"
    ? {
        label: "Other services",
        why: "services past TRACELIGHT_MAX_SERVICES: their spans are stored and found by their exact names, but they are not listed",
      }
    : {
        label: "Other operations",
        why: "operations past TRACELIGHT_MAX_OPERATIONS_PER_SERVICE: their spans are stored and found by their exact names, but they are not listed",
      };
}

/**
 * Where an operation's row links: its traces in the window (lib/search/search-url.ts). The overflow
 * rows have no name to search by, so they link to the traces of what they belong to: their service's,
 * or, for the other services, every service's.
 */
export function operationTracesHref(
  service: string,
  operation: string,
  window: GraphWindow,
  errorsOnly = false,
): string {
  if (service === OVERFLOW_NAME) return tracesHref("", window, { errorsOnly });
  if (operation === OVERFLOW_NAME) return tracesHref(service, window, { errorsOnly });
  return tracesHref(service, window, { operation, errorsOnly });
}
