/** How many suggestions the search box lists: enough to pick from, few enough to read. */
export const MAX_SUGGESTIONS = 12;

/**
 * The node names a search box suggests for what was typed: case-insensitive, names that start with
 * it first, then names with a word (after `-`, `.`, `_`, `/` or a space) that starts with it, then
 * names that merely contain it; shorter names first in each group, then by name. Empty text suggests
 * nothing. One pass over the names and a sort of the matches.
 */
export function suggestNames(names: readonly string[], text: string, limit = MAX_SUGGESTIONS): string[] {
  const needle = text.trim().toLowerCase();
  if (needle === "") return [];
  const matches: { name: string; rank: number }[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    const at = lower.indexOf(needle);
    if (at < 0) continue;
    const rank = at === 0 ? 0 : wordStartsAt(lower, needle) ? 1 : 2;
    matches.push({ name, rank });
  }
  return matches
    .sort((a, b) => a.rank - b.rank || a.name.length - b.name.length || a.name.localeCompare(b.name))
    .slice(0, Math.max(0, limit))
    .map(({ name }) => name);
}

/** The name typed, if it is one of `names`, however its case: what Enter focuses. */
export function exactName(names: readonly string[], text: string): string | undefined {
  const needle = text.trim();
  return (
    names.find((name) => name === needle) ?? names.find((name) => name.toLowerCase() === needle.toLowerCase())
  );
}

function wordStartsAt(lower: string, needle: string): boolean {
  for (let at = lower.indexOf(needle); at > 0; at = lower.indexOf(needle, at + 1)) {
    if (/[-._/\s:]/.test(lower[at - 1] as string)) return true;
  }
  return false;
}
