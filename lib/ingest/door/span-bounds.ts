import { badRequest } from "../../errors";
import { formatDurationUs } from "../../format/duration";
import type {
  Attributes,
  AttributeValue,
  InstrumentationScope,
  Span,
  SpanEvent,
  SpanLink,
} from "../../model/span";
import * as limits from "../../model/span";

/**
 * Every number and size of a span bounded at the door (normaliseSpans), so that whatever is stored
 * is safe to add, subtract, index and draw (the limits are lib/model/span.ts's, and README's
 * "Limits" repeats this table):
 *
 *   what                                   bound                           past it
 *   start time                             whole µs from 0 to 2^52 − 1,    refused (400)
 *                                          ≤ now + TRACELIGHT_MAX_CLOCK_AHEAD
 *   duration                               0 to 365 days                   set to the nearer end
 *   event time                             0 to 2^52 − 1 µs                set to the nearer end
 *   service and remote service names       256 characters                  cut
 *   span name                              512 characters                  cut
 *   attribute keys, event names            256 characters                  cut
 *   other text (attribute values, status   65,536 characters               cut
 *     message, scope name and version)
 *   entries of an attribute map or array   1,024                           the first 1,024 kept
 *   events, links of a span                1,024 each                      the first 1,024 kept
 *
 * Only the start time is refused: it says where the span belongs (its partition, its trace's
 * window, its hour), and moving it would invent a time; a start before 1970, past 2112 or further
 * ahead than any clock drifts is a broken clock or encoder (Tempo likewise refuses spans outside its
 * ingestion slack). Everything else is repaired with a warning on the span, which keeps what it can
 * show (an OTLP answer's partial-success message reports them): a clamped duration still says "very
 * long", a cut name still names. Attribute maps apply the rules at every depth; a key cut to the
 * same text as an earlier one is dropped.
 */

// Copied to module constants: this runs for every attribute of every span, and an imported binding
// is read through a getter under tsx (measured: 1.4 µs a span with the getters, 0.25 µs without).
const {
  MAX_ATTRIBUTES,
  MAX_DURATION_US,
  MAX_EVENTS,
  MAX_KEY_LENGTH,
  MAX_LINKS,
  MAX_SERVICE_NAME_LENGTH,
  MAX_SPAN_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TIME_US,
} = limits;

export interface SpanBounds {
  /** The server's clock, µs since the epoch. */
  nowUs: number;
  /** TRACELIGHT_MAX_CLOCK_AHEAD, µs. */
  maxClockAheadUs: number;
}

/** The span within bounds: itself when it already is, else a repaired copy; refuses a bad start time. */
export function boundSpan(span: Span, bounds: SpanBounds): Span {
  const startUs = checkedStartUs(span, bounds);
  const repairs = new Repairs();
  const durationUs = boundDuration(span.durationUs, repairs);
  const serviceName = boundText(span.serviceName, MAX_SERVICE_NAME_LENGTH, "service name", repairs);
  const remoteServiceName =
    span.remoteServiceName === undefined
      ? undefined
      : boundText(span.remoteServiceName, MAX_SERVICE_NAME_LENGTH, "remote service name", repairs);
  const name = boundText(span.name, MAX_SPAN_NAME_LENGTH, "span name", repairs);
  const message =
    span.status.message === undefined
      ? undefined
      : boundText(span.status.message, MAX_TEXT_LENGTH, "status message", repairs);
  const attributes = boundAttributes(span.attributes, "attributes", repairs);
  const resource = boundAttributes(span.resource, "resource attributes", repairs);
  const events = boundEvents(span.events, repairs);
  const links = boundLinks(span.links, repairs);
  const scope = span.scope === undefined ? undefined : boundScope(span.scope, repairs);
  if (!repairs.any && startUs === span.startUs && durationUs === span.durationUs) return span;

  const out: Span = { ...span, startUs, durationUs, serviceName, name, attributes, events, links };
  // service.name is the service's name, wherever it is read from.
  out.resource = serviceName === span.serviceName ? resource : { ...resource, "service.name": serviceName };
  if (remoteServiceName !== undefined) out.remoteServiceName = remoteServiceName;
  if (message !== undefined) out.status = { ...span.status, message };
  if (scope !== undefined) out.scope = scope;
  if (repairs.any) out.warnings = [...(span.warnings ?? []), ...repairs.warnings()];
  return out;
}

/** A time in µs within [0, MAX_TIME_US] (NaN, which no format carries, as 0), whole. */
export function boundedTimeUs(us: number): number {
  return us > 0 ? Math.min(Math.round(us), MAX_TIME_US) : 0;
}

/** A duration in µs within [0, MAX_DURATION_US] (NaN as 0), whole. */
export function boundedDurationUs(us: number): number {
  return us > 0 ? Math.min(Math.round(us), MAX_DURATION_US) : 0;
}

/** `text` cut to `maxLength` UTF-16 code units, never between the two halves of a surrogate pair. */
export function cutText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const last = text.charCodeAt(maxLength - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength);
}

function checkedStartUs(span: Span, { nowUs, maxClockAheadUs }: SpanBounds): number {
  const startUs = Math.round(span.startUs);
  if (startUs >= 0 && startUs <= MAX_TIME_US && startUs - nowUs <= maxClockAheadUs) return startUs;
  const why = !Number.isFinite(startUs)
    ? "is not a number"
    : startUs < 0
      ? `${startUs} µs is before 1970`
      : startUs > MAX_TIME_US
        ? `${startUs} µs is past 2^52 µs (the year 2112)`
        : `${startUs} µs is ${formatDurationUs(startUs - nowUs)} ahead of the server's clock, more than ` +
          `TRACELIGHT_MAX_CLOCK_AHEAD (${formatDurationUs(maxClockAheadUs)})`;
  throw badRequest(`span ${span.traceId}/${span.spanId}: start time ${why}`);
}

function boundDuration(durationUs: number, repairs: Repairs): number {
  const bounded = boundedDurationUs(durationUs);
  if (durationUs < 0) repairs.note(`negative duration ${durationUs} µs; set to 0`);
  else if (Number.isNaN(durationUs)) repairs.note("no duration; set to 0");
  else if (durationUs > MAX_DURATION_US) {
    repairs.note(`duration ${durationUs} µs is longer than 365 days; set to 365 days`);
  }
  return bounded;
}

function boundText(text: string, maxLength: number, what: string, repairs: Repairs): string {
  if (text.length <= maxLength) return text;
  repairs.note(`${what} longer than ${maxLength} characters; cut`);
  return cutText(text, maxLength);
}

function boundEvents(events: SpanEvent[], repairs: Repairs): SpanEvent[] {
  let out: SpanEvent[] | undefined;
  const kept = Math.min(events.length, MAX_EVENTS);
  for (let i = 0; i < kept; i++) {
    const event = events[i] as SpanEvent;
    const timeUs = boundedTimeUs(event.timeUs);
    if (timeUs !== event.timeUs && Math.round(event.timeUs) !== timeUs) {
      repairs.note(`event time outside 0 to 2^52 µs; set to the nearer end`);
    }
    const name = boundText(event.name, MAX_KEY_LENGTH, "event name", repairs);
    const attributes =
      event.attributes === undefined
        ? undefined
        : boundAttributes(event.attributes, "event attributes", repairs);
    if (timeUs === event.timeUs && name === event.name && attributes === event.attributes) {
      out?.push(event);
      continue;
    }
    out ??= events.slice(0, i);
    const bounded: SpanEvent = { ...event, timeUs, name };
    if (attributes !== undefined) bounded.attributes = attributes;
    out.push(bounded);
  }
  if (events.length > MAX_EVENTS) {
    repairs.note(`${events.length} events; the first ${MAX_EVENTS} kept`);
    out ??= events.slice(0, MAX_EVENTS);
  }
  return out ?? events;
}

function boundLinks(links: SpanLink[], repairs: Repairs): SpanLink[] {
  let out: SpanLink[] | undefined;
  const kept = Math.min(links.length, MAX_LINKS);
  for (let i = 0; i < kept; i++) {
    const link = links[i] as SpanLink;
    const attributes =
      link.attributes === undefined
        ? undefined
        : boundAttributes(link.attributes, "link attributes", repairs);
    if (attributes === link.attributes) {
      out?.push(link);
      continue;
    }
    out ??= links.slice(0, i);
    out.push({ ...link, attributes } as SpanLink);
  }
  if (links.length > MAX_LINKS) {
    repairs.note(`${links.length} links; the first ${MAX_LINKS} kept`);
    out ??= links.slice(0, MAX_LINKS);
  }
  return out ?? links;
}

function boundScope(scope: InstrumentationScope, repairs: Repairs): InstrumentationScope {
  const name = boundText(scope.name, MAX_TEXT_LENGTH, "scope name", repairs);
  const version =
    scope.version === undefined
      ? undefined
      : boundText(scope.version, MAX_TEXT_LENGTH, "scope version", repairs);
  const attributes =
    scope.attributes === undefined
      ? undefined
      : boundAttributes(scope.attributes, "scope attributes", repairs);
  if (name === scope.name && version === scope.version && attributes === scope.attributes) return scope;
  const out: InstrumentationScope = { ...scope, name };
  if (version !== undefined) out.version = version;
  if (attributes !== undefined) out.attributes = attributes;
  return out;
}

/** The map itself when every key, value and count is within bounds (the common case: no copy). */
function boundAttributes(attributes: Attributes, place: string, repairs: Repairs): Attributes {
  return attributesWithin(attributes) ? attributes : boundMap(attributes, place, repairs);
}

function attributesWithin(attributes: Attributes): boolean {
  let count = 0;
  for (const key in attributes) {
    if (++count > MAX_ATTRIBUTES || key.length > MAX_KEY_LENGTH) return false;
    if (!valueWithin(attributes[key] as AttributeValue)) return false;
  }
  return true;
}

function valueWithin(value: AttributeValue): boolean {
  if (typeof value === "string") return value.length <= MAX_TEXT_LENGTH;
  if (typeof value !== "object" || value === null) return true;
  if (!Array.isArray(value)) return attributesWithin(value);
  if (value.length > MAX_ATTRIBUTES) return false;
  for (const item of value) if (!valueWithin(item)) return false;
  return true;
}

function boundMap(attributes: Attributes, place: string, repairs: Repairs): Attributes {
  // Entries, not assignments: a key such as "__proto__" stays a key.
  const entries: [string, AttributeValue][] = [];
  const seen = new Set<string>();
  let count = 0;
  for (const key in attributes) {
    count++;
    if (entries.length === MAX_ATTRIBUTES) continue;
    const boundedKey = boundText(key, MAX_KEY_LENGTH, "attribute key", repairs);
    if (seen.has(boundedKey)) continue;
    seen.add(boundedKey);
    entries.push([boundedKey, boundValue(attributes[key] as AttributeValue, repairs)]);
  }
  if (count > MAX_ATTRIBUTES) repairs.note(`${count} ${place}; the first ${MAX_ATTRIBUTES} kept`);
  return Object.fromEntries(entries);
}

function boundValue(value: AttributeValue, repairs: Repairs): AttributeValue {
  if (typeof value === "string") return boundText(value, MAX_TEXT_LENGTH, "attribute value", repairs);
  if (typeof value !== "object" || value === null || valueWithin(value)) return value;
  if (!Array.isArray(value)) return boundMap(value, "entries of a map value", repairs);
  if (value.length > MAX_ATTRIBUTES) {
    repairs.note(`${value.length} items in an array value; the first ${MAX_ATTRIBUTES} kept`);
  }
  return value.slice(0, MAX_ATTRIBUTES).map((item) => boundValue(item, repairs));
}

/** What was repaired, each kind of repair said once with how often it was made. */
class Repairs {
  // Made on the first repair: most spans need none, and ingest runs this for every span.
  private counts: Map<string, number> | undefined;

  get any(): boolean {
    return this.counts !== undefined;
  }

  note(warning: string): void {
    this.counts ??= new Map();
    this.counts.set(warning, (this.counts.get(warning) ?? 0) + 1);
  }

  warnings(): string[] {
    return [...(this.counts ?? [])].map(([warning, count]) =>
      count === 1 ? warning : `${warning} (${count} times)`,
    );
  }
}
