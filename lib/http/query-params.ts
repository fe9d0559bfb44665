import type { z } from "zod";
import { MAX_BASELINE_OPERATIONS } from "../api/baselines";
import { badRequest, describeValue } from "../errors";
import { MAX_SERVICE_NAME_LENGTH, MAX_SPAN_NAME_LENGTH } from "../model/span";
import { checkText, plainMessage, singleParam } from "../search/params";

/**
 * A route's query string read through its zod schema: the typed parameters, or a 400 naming the
 * first parameter refused and why. Each value is read as every query parameter is (singleParam in
 * lib/search/params.ts: sent once, no NUL, well-formed, not over-long); one sent empty (`?limit=`)
 * is absent, as the peers' APIs treat it.
 */
export function parseQuery<T extends z.ZodType>(schema: T, params: URLSearchParams): z.output<T> {
  const input: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    const value = singleParam(params, name);
    if (value !== null && value !== "") input[name] = value;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const name = issue.path.join(".");
  const sent = input[name];
  throw badRequest(
    sent === undefined
      ? `${name} is required`
      : `${name}: ${issue.message.replace(/^Invalid input: /, "")}, got ${describeValue(sent)}`,
  );
}

/**
 * Operations named by repeated parameters, `service=a&name=x&service=b&name=y`: the i-th `name` is a
 * span name of the i-th `service` (URLSearchParams keeps their order). At least one and at most
 * `max` (MAX_BASELINE_OPERATIONS), each name one a span may carry; a 400 naming the parameter
 * otherwise. Past the cap the caller asks in several requests.
 */
export function readOperations(
  params: URLSearchParams,
  max = MAX_BASELINE_OPERATIONS,
): { service: string; name: string }[] {
  const services = params.getAll("service");
  const names = params.getAll("name");
  if (services.length === 0) throw badRequest("service is required: name operations as service=…&name=…");
  if (names.length !== services.length) {
    throw badRequest(`name: expected one per service, given ${names.length} for ${services.length} services`);
  }
  if (services.length > max) {
    throw badRequest(
      `service: expected at most ${max} operations per request, given ${services.length}; ask in several`,
    );
  }
  return services.map((service, i) => ({
    service: checkText("service", service, plainMessage, MAX_SERVICE_NAME_LENGTH),
    name: checkText("name", names[i] as string, plainMessage, MAX_SPAN_NAME_LENGTH),
  }));
}
