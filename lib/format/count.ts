/** "1 span", "3 spans", "2 matches": a count and its noun, singular or plural. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${nounOf(count, noun, plural)}`;
}

/** As countOf, the digits grouped in thousands, for counts that run that high: "12,500 calls". */
export function groupedCountOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString("en-US")} ${nounOf(count, noun, plural)}`;
}

function nounOf(count: number, noun: string, plural: string): string {
  return count === 1 ? noun : plural;
}
