/**
 * A person as a provider (OpenID Connect) or a proxy (its signed assertion) described them, cut to
 * what Tracelight keeps, and the rule deciding whether they may read: TRACELIGHT_ALLOWED_EMAIL_DOMAINS
 * and TRACELIGHT_ALLOWED_GROUPS, each required when set.
 */
export interface Identity {
  subject: string;
  /** What logs record and the header shows: the e-mail address, else a user name, else the subject. */
  name: string;
  email?: string;
  /** Only the groups that admitted the person (a provider may list hundreds; a cookie holds 4 KB). */
  groups: string[];
}

export interface AdmissionRule {
  emailDomains?: readonly string[];
  groups?: readonly string[];
}

export type Admission = { ok: true; identity: Identity } | { ok: false; reason: string };

const MAX_TEXT = 256;

/**
 * Decides on a person from their claims (`sub`, `email`, `email_verified`, `preferred_username`,
 * and the groups under `groupsClaim`): an unverified address counts as none, domains match exactly
 * (a subdomain is another organisation's), and a group claim may be a list or one string.
 */
export function admit(claims: Record<string, unknown>, groupsClaim: string, rule: AdmissionRule): Admission {
  const subject = text(claims.sub);
  if (subject === undefined) return { ok: false, reason: "the provider named no subject (sub)" };
  const email = claims.email_verified === false ? undefined : text(claims.email)?.toLowerCase();
  const name = email ?? text(claims.preferred_username) ?? subject;
  const claimed = claims[groupsClaim];
  const memberOf = (Array.isArray(claimed) ? claimed : [claimed]).filter((g) => typeof g === "string");
  let groups: string[] = [];
  if (rule.emailDomains?.length) {
    const domain = email?.slice(email.lastIndexOf("@") + 1);
    if (domain === undefined) {
      return {
        ok: false,
        reason: `${name} has no verified e-mail address, and only some domains may read here`,
      };
    }
    if (!rule.emailDomains.includes(domain)) {
      return { ok: false, reason: `${name}: e-mail addresses at ${domain} may not read here` };
    }
  }
  if (rule.groups?.length) {
    groups = rule.groups.filter((group) => memberOf.includes(group));
    if (groups.length === 0) {
      return { ok: false, reason: `${name} is in none of the groups that may read here` };
    }
  }
  return { ok: true, identity: { subject, name, ...(email ? { email } : {}), groups } };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value.slice(0, MAX_TEXT) : undefined;
}
