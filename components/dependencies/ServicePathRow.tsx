import type { PathElement, PathThrough } from "@/lib/api/service-paths";
import { groupedCountOf } from "@/lib/format/count";
import { describeHop, describePath } from "@/lib/services/service-paths-view";

/**
 * One path through the focus: its hops as chips, root to leaf, the focus highlighted, and the traces
 * that took it with a bar as long as its share of the busiest path's. A hop other than the focus
 * refocuses the list on its service when `onSelectService` is given.
 */
export function ServicePathRow({
  path,
  share,
  onSelectService,
}: {
  path: PathThrough;
  share: number;
  onSelectService?: ((service: string) => void) | undefined;
}) {
  const hops = (elements: PathElement[], side: string) =>
    elements.map((hop, i) => (
      // A path may pass through one hop twice: its place on the path keys it.
      // biome-ignore lint/suspicious/noArrayIndexKey: hops are never reordered
      <HopChip key={`${side}${i}`} hop={hop} onSelectService={onSelectService} />
    ));
  return (
    <li className="flex items-center gap-3 py-1.5" data-testid="service-path" aria-label={describePath(path)}>
      <div className="flex min-w-0 flex-1 flex-wrap items-center gap-1">
        {hops(path.upstream, "up")}
        <HopChip hop={path.focus} focus />
        {hops(path.downstream, "down")}
      </div>
      <div className="w-28 shrink-0 text-right text-xs tabular-nums text-slate-500">
        <span data-testid="service-path-traces">{groupedCountOf(path.traces, "trace")}</span>
        <div className="mt-0.5 h-1 rounded bg-slate-100 dark:bg-slate-800" aria-hidden>
          <div className="h-1 rounded bg-sky-500" style={{ width: `${share * 100}%` }} />
        </div>
      </div>
    </li>
  );
}

const CHIP = "inline-flex max-w-[14rem] items-baseline gap-1 truncate rounded px-1.5 py-0.5 text-xs";

/** A hop, after an arrow unless it starts the path: its service, then the operation it was entered through. */
function HopChip({
  hop,
  focus = false,
  onSelectService,
}: {
  hop: PathElement;
  focus?: boolean;
  onSelectService?: ((service: string) => void) | undefined;
}) {
  const label = (
    <>
      <span className="font-medium">{hop.service}</span>
      {hop.operation !== "" && <span className="truncate opacity-70">{hop.operation}</span>}
    </>
  );
  const chip = focus ? (
    <span
      className={`${CHIP} bg-sky-600 text-white ring-2 ring-sky-300 dark:ring-sky-800`}
      title={describeHop(hop)}
      data-testid="service-path-focus"
    >
      {label}
    </span>
  ) : onSelectService ? (
    <button
      type="button"
      className={`${CHIP} bg-slate-100 hover:bg-slate-200 dark:bg-slate-800 dark:hover:bg-slate-700`}
      title={`${describeHop(hop)}: show the paths through ${hop.service}`}
      onClick={() => onSelectService(hop.service)}
      data-testid="service-path-hop"
    >
      {label}
    </button>
  ) : (
    <span
      className={`${CHIP} bg-slate-100 dark:bg-slate-800`}
      title={describeHop(hop)}
      data-testid="service-path-hop"
    >
      {label}
    </span>
  );
  return (
    <>
      <span className="text-slate-400 first:hidden" aria-hidden>
        →
      </span>
      {chip}
    </>
  );
}
