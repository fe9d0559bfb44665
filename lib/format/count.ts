/** "1 span", "3 spans", "2 matches": a count and its noun, singular or plural. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
