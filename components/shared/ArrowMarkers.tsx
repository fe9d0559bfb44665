import { ARROW_PX } from "@/lib/graph/graph-layout";

/**
 * One arrowhead marker per colour, `${idPrefix}-${name}`: a marker cannot take the stroke colour of
 * the path it ends, so a graph whose edges have several colours needs one of each.
 */
export function ArrowMarkers({ idPrefix, colors }: { idPrefix: string; colors: Record<string, string> }) {
  return (
    <defs>
      {Object.entries(colors).map(([name, color]) => (
        <marker
          key={name}
          id={`${idPrefix}-${name}`}
          viewBox="0 0 10 10"
          refX={0}
          refY={5}
          markerWidth={ARROW_PX}
          markerHeight={ARROW_PX}
          markerUnits="userSpaceOnUse"
          orient="auto"
        >
          <path d="M0,0L10,5L0,10Z" fill={color} />
        </marker>
      ))}
    </defs>
  );
}
