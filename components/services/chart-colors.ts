/**
 * The services page's colours of each measure, the same in the table's sparklines and the operations'
 * charts. Tailwind's sky-600, red-600; p50 sky-500, p95 amber-500, p99 violet-500: legible on light
 * and dark backgrounds.
 */
export const RATE_COLOR = "#0284c7";
export const ERROR_COLOR = "#dc2626";
export const LATENCY_COLORS = { p50: "#0ea5e9", p95: "#f59e0b", p99: "#8b5cf6" } as const;
