import { formatOffsetUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import { formatTimestampUs } from "@/lib/format/time";
import { type Attributes, attributeText, type Span, type SpanEvent } from "@/lib/model/span";

/** One event to list, with the span it belongs to and, to select it from the list, that span's row. */
export interface EventEntry {
  key: string;
  row?: number;
  span: Span;
  event: SpanEvent;
}

/**
 * Events (OTel events, Zipkin annotations, Jaeger logs) as a table: the absolute time to the
 * microsecond (UTC, as every absolute time here), the offset from the span's start, the name and the
 * attributes by key, as the span's are (the store keeps no order of keys). `narrow` (the span
 * details' panel) puts each event's attributes on a line of their own under it. With `onSelectRow`, a
 * column names each event's span and selects it.
 */
export function EventsTable({
  events,
  narrow = false,
  selectedRow,
  onSelectRow,
  testId,
}: {
  events: readonly EventEntry[];
  narrow?: boolean;
  selectedRow?: number;
  onSelectRow?(row: number): void;
  testId: string;
}) {
  return (
    <table className="w-full text-left text-xs" data-testid={testId}>
      <thead className="text-slate-500">
        <tr>
          <th className="py-1 pr-3 font-medium">Time</th>
          <th className="py-1 pr-3 text-right font-medium">Offset</th>
          {onSelectRow && <th className="py-1 pr-3 font-medium">Span</th>}
          <th className="py-1 pr-3 font-medium">Event</th>
          {!narrow && <th className="py-1 font-medium">Attributes</th>}
        </tr>
      </thead>
      {events.map(({ key, row, span, event }) => {
        const attributes = event.attributes && <EventAttributes attributes={event.attributes} />;
        return (
          <tbody
            key={key}
            className={`border-t border-slate-100 align-top dark:border-slate-900 ${row !== undefined && row === selectedRow ? "bg-sky-50 dark:bg-sky-950" : ""}`}
            data-testid="event-row"
          >
            <tr>
              <td className="py-1 pr-3 tabular-nums" data-testid="event-time">
                {formatTimestampUs(event.timeUs, "us")}
              </td>
              <td
                className="py-1 pr-3 text-right whitespace-nowrap tabular-nums text-slate-500"
                data-testid="event-offset"
              >
                {formatOffsetUs(event.timeUs - span.startUs)}
              </td>
              {onSelectRow && (
                <td className="py-1 pr-3">
                  <button
                    type="button"
                    className="flex items-center gap-1.5 text-left hover:underline"
                    onClick={() => row !== undefined && onSelectRow(row)}
                    data-testid="event-span"
                  >
                    <span
                      className="size-2.5 shrink-0 rounded-sm"
                      style={{ background: serviceColor(span.serviceName) }}
                    />
                    {span.serviceName}: {span.name || "(unnamed)"}
                  </button>
                </td>
              )}
              <td className="py-1 pr-3 break-words" data-testid="event-name">
                {event.name}
              </td>
              {!narrow && <td className="py-1">{attributes}</td>}
            </tr>
            {narrow && attributes && (
              <tr>
                <td colSpan={3} className="pb-1 pl-3">
                  {attributes}
                </td>
              </tr>
            )}
          </tbody>
        );
      })}
    </table>
  );
}

function EventAttributes({ attributes }: { attributes: Attributes }) {
  return (
    <ul className="font-mono" data-testid="event-attributes">
      {Object.entries(attributes)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => (
          <li key={key} className="break-all whitespace-pre-wrap">
            <span className="text-slate-500">{key}</span> = {attributeText(value)}
          </li>
        ))}
    </ul>
  );
}
