/**
 * A stable colour per service name, so a service looks the same on every page and every visit.
 * Tailwind-independent hex values: they are used in inline styles and, later, in canvas drawing.
 */
const PALETTE = [
  "#0ea5e9",
  "#f97316",
  "#22c55e",
  "#a855f7",
  "#eab308",
  "#ec4899",
  "#14b8a6",
  "#6366f1",
  "#84cc16",
  "#f43f5e",
  "#06b6d4",
  "#d946ef",
  "#78716c",
  "#10b981",
  "#8b5cf6",
  "#f59e0b",
];

export function serviceColor(serviceName: string): string {
  let hash = 0;
  for (let i = 0; i < serviceName.length; i++) hash = (hash * 31 + serviceName.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length] as string;
}
