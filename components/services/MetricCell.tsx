import type { Change } from "@/lib/services/overview";
import { Sparkline } from "./Sparkline";

/**
 * One number of a service in the table: its value over the window, its sparkline, and how it moved
 * since the period before (red the bad way, green the good way, grey when neither or too small).
 */
export function MetricCell({
  text,
  change,
  previousText,
  sparkline,
  testId,
}: {
  text: string;
  change: Change;
  /** The same number over the period before, for the change's tooltip. */
  previousText: string;
  sparkline?: Parameters<typeof Sparkline>[0];
  testId: string;
}) {
  return (
    <td className="px-3 py-1.5" data-testid={testId}>
      <div className="flex items-center justify-end gap-2">
        {sparkline && <Sparkline {...sparkline} />}
        <span className="w-16 text-right tabular-nums" data-testid="value">
          {text}
        </span>
        <ChangeText change={change} previousText={previousText} />
      </div>
    </td>
  );
}

/** "▲ 35%", coloured by whether it is worse; its title the period before's number. */
export function ChangeText({ change, previousText }: { change: Change; previousText: string }) {
  const color = change.worse
    ? "text-red-700 dark:text-red-400"
    : change.better
      ? "text-emerald-700 dark:text-emerald-400"
      : "text-slate-500";
  return (
    <span
      className={`w-16 text-left text-xs tabular-nums ${color}`}
      title={`previous period: ${previousText}`}
      data-testid="change"
      data-worse={change.worse}
    >
      {change.text}
    </span>
  );
}
