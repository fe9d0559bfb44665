import type { GraphLayout, GraphTopology } from "./graph-layout";

/**
 * Graphs for the layout tests. `"a>b b>c"` is a chain of calls; `nodes` lists extra nodes, and fixes
 * the order in which nodes are given (the API's is by name).
 */
export function graphOf(links: string, nodes: string[] = []): GraphTopology {
  const pairs = links
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [parent = "", child = ""] = pair.split(">");
      return { parent, child };
    });
  const names = new Set([...nodes, ...pairs.flatMap(({ parent, child }) => [parent, child])]);
  return { nodes: [...names].map((name) => ({ name })), links: pairs };
}

/**
 * A made-up estate of `count` nodes: a few gateways, tiers of services each calling two to four in
 * the tiers below (some skipping a tier), databases and queues at the bottom, and a few calls back
 * up (callbacks) that make cycles. Seeded, so every run draws the same graph.
 */
export function estate(count: number, seed = 7): GraphTopology {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const tiers = [0.05, 0.2, 0.3, 0.25, 0.2];
  const names: string[][] = tiers.map((share, tier) =>
    Array.from({ length: Math.max(1, Math.round(share * count)) }, (_, i) => `t${tier}-svc-${i}`),
  );
  const all = names.flat().slice(0, count);
  const tierOf = new Map(names.flatMap((tier, t) => tier.map((name) => [name, t] as const)));
  const links = new Map<string, { parent: string; child: string }>();
  const pick = (tier: number) => {
    const candidates = (names[tier] as string[]).filter((name) => all.includes(name));
    return candidates[Math.floor(random() * candidates.length)];
  };
  for (const parent of all) {
    const tier = tierOf.get(parent) as number;
    if (tier === tiers.length - 1) continue;
    const fanOut = 2 + Math.floor(random() * 3);
    for (let i = 0; i < fanOut; i++) {
      const below = Math.min(tiers.length - 1, tier + 1 + (random() < 0.2 ? 1 : 0));
      const child = pick(below);
      if (child) links.set(`${parent}>${child}`, { parent, child });
    }
    if (tier >= 2 && random() < 0.05) {
      const callback = pick(tier - 1);
      if (callback) links.set(`${parent}>${callback}`, { parent, child: callback });
    }
  }
  return { nodes: all.map((name) => ({ name })), links: [...links.values()] };
}

/** Pairs of nodes closer than two radii, by name: what a test expects to be empty. */
export function overlaps(layout: GraphLayout): string[] {
  const found: string[] = [];
  layout.nodes.forEach((a, i) => {
    for (const b of layout.nodes.slice(i + 1)) {
      if (Math.hypot(a.x - b.x, a.y - b.y) < 2 * layout.nodeRadius) found.push(`${a.name}/${b.name}`);
    }
  });
  return found;
}

/** Nodes whose shape leaves the layout's own size. */
export function outOfBounds(layout: GraphLayout): string[] {
  const r = layout.nodeRadius;
  return layout.nodes
    .filter(({ x, y }) => x - r < 0 || y - r < 0 || x + r > layout.width || y + r > layout.height)
    .map(({ name }) => name);
}
