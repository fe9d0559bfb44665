import { isIP } from "node:net";

/**
 * Which Host headers name this server. DNS rebinding points a name the attacker owns at this
 * machine's address: the victim's browser then treats Tracelight as the attacker's own site and reads
 * it, sending that name as Host. So a name is allowed only when it can be nobody else's:
 * - an IP address: no DNS to rebind, and a page at that address is this server's own;
 * - `localhost` and `*.localhost`, which browsers resolve to loopback themselves (RFC 6761);
 * - the machine's own name (`os.hostname()`, and its first label when that is a full name);
 * - the names in TRACELIGHT_ALLOWED_HOSTS: `name`, `.example.com` for it and its subdomains, `*` for any.
 */
export type HostCheck = (hostHeader: string) => boolean;

export function createHostCheck(allowed: readonly string[], machineName: string): HostCheck {
  const names = new Set<string>(["localhost"]);
  const suffixes = [".localhost"];
  const machine = normaliseName(machineName);
  if (machine !== "") names.add(machine).add(machine.split(".")[0] as string);
  for (const entry of allowed.map(normaliseName)) {
    if (entry.startsWith(".")) suffixes.push(entry);
    names.add(entry.replace(/^\./, ""));
  }
  const anyName = names.has("*");
  return (hostHeader) => {
    const hostname = hostnameOf(hostHeader);
    if (hostname === undefined) return false;
    return (
      anyName ||
      isIP(hostname) !== 0 ||
      names.has(hostname) ||
      suffixes.some((suffix) => hostname.endsWith(suffix))
    );
  };
}

/** The name (or bare IP address) a Host header gives, lower-case; undefined when it is no host. */
export function hostnameOf(hostHeader: string): string | undefined {
  // A Host is `name[:port]` or `[v6]:port`; anything a URL's authority cannot hold is not a host.
  if (hostHeader === "" || /[/?#@\s\\]/.test(hostHeader)) return undefined;
  try {
    const { hostname } = new URL(`http://${hostHeader}`);
    return normaliseName(hostname.replace(/^\[(.*)\]$/, "$1"));
  } catch {
    return undefined;
  }
}

// `name.` is the same fully-qualified name as `name`.
function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}
