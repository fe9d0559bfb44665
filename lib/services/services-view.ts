import {
  OVERFLOW_NAME,
  SERVICE_METRICS_SORTS,
  SERVICES_PAGE_SIZE,
  type ServiceMetricsSort,
} from "../api/service-metrics";
import { countOf } from "../format/count";
import { tracesHref } from "../search/search-url";
import { type GraphWindow, graphApiQuery, graphWindow } from "../time/window";

/**
 * The services page's URL: its window as on the dependencies page (lib/time/window.ts), then
 * `sort` (calls, the default; errors; name), `page` (from 1) and `service` (one service's page, which
 * pages its operations instead of the services). Defaults are left out, so a copied link reads as
 * what it shows; a page or sort that cannot be read opens the first page by calls, as an old link
 * should.
 */
export interface ServicesView {
  window: GraphWindow;
  sort: ServiceMetricsSort;
  page: number;
  /** "" for the page of all services. */
  service: string;
}

export function servicesView(params: URLSearchParams): ServicesView {
  const page = Number(params.get("page"));
  const sort = SERVICE_METRICS_SORTS.find((name) => name === params.get("sort")) ?? "calls";
  return {
    window: graphWindow(params),
    sort,
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    service: params.get("service") ?? "",
  };
}

/** The page's query string for a view. */
export function servicesPageQuery(view: ServicesView): string {
  const params = new URLSearchParams(graphApiQuery(view.window));
  if (view.service !== "") params.set("service", view.service);
  if (view.sort !== "calls") params.set("sort", view.sort);
  if (view.page > 1) params.set("page", String(view.page));
  return params.toString();
}

/** The query string of `GET /api/services/metrics` for a view: its page as offset and limit. */
export function servicesApiQuery(view: ServicesView): string {
  const params = new URLSearchParams(graphApiQuery(view.window));
  if (view.service !== "") params.set("service", view.service);
  params.set("sort", view.sort);
  params.set("offset", String((view.page - 1) * SERVICES_PAGE_SIZE));
  params.set("limit", String(SERVICES_PAGE_SIZE));
  return params.toString();
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
