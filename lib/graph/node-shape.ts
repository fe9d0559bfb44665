import { round } from "./graph-layout";

/**
 * A node's outline by what it is, centred on (0, 0) and about `radius` from it: a circle for a
 * service (dashed, by its component, for an external one), a cylinder for a database, a hexagon for
 * a queue. `rim` is the cylinder's near top edge, drawn over the body without fill.
 */
export function nodeShape(kind: string, nodeRadius: number): { body: string; rim?: string } {
  const radius = Math.max(nodeRadius, 0) || 0;
  const r = round(radius);
  if (kind === "database") {
    const w = round(radius * 0.78);
    const h = round(radius * 0.9);
    const e = round(radius * 0.25);
    return {
      body: `M${-w},${-h + e}A${w},${e} 0 0 1 ${w},${-h + e}V${round(h - e)}A${w},${e} 0 0 1 ${-w},${round(h - e)}Z`,
      rim: `M${-w},${-h + e}A${w},${e} 0 0 0 ${w},${-h + e}`,
    };
  }
  if (kind === "queue") {
    const corners = [0, 1, 2, 3, 4, 5].map((i) => {
      const angle = (Math.PI / 3) * i;
      return `${round(radius * Math.cos(angle))},${round(radius * Math.sin(angle))}`;
    });
    return { body: `M${corners.join("L")}Z` };
  }
  return { body: `M${-r},0A${r},${r} 0 1 1 ${r},0A${r},${r} 0 1 1 ${-r},0Z` };
}
