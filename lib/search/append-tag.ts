import { formatLogfmtTags, parseLogfmtTags } from "./tracelight-params";

/**
 * The search's `tags` (logfmt, lib/search/tracelight-params.ts) with one more term, `tag` as the
 * attribute diff sends it (`key=value`, logfmt itself, or `!key=value` to exclude), appended: the search then asks for both. A
 * term already there is not repeated; tags that cannot be read are left as they are and the term
 * appended, so the form shows what was asked and the search names the problem.
 */
export function appendTag(tags: string, tag: string): string {
  try {
    const present = parseLogfmtTags(tags);
    const added = parseLogfmtTags(tag).filter(
      (term) =>
        !present.some(
          (old) => old.key === term.key && old.value === term.value && old.exclude === term.exclude,
        ),
    );
    return formatLogfmtTags([...present, ...added]);
  } catch {
    return `${tags.trim()} ${tag.trim()}`.trim();
  }
}
