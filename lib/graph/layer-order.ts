/**
 * The layered layout's crossing reduction (layered-layout.ts): vertices are numbers, every edge
 * joins neighbouring layers, `next[v]` lists v's neighbours in the layer after its own.
 */

/**
 * The starting order: depth-first from the first layer, so that what one entry point calls starts
 * together and a disconnected part of the graph starts as a block of its own.
 */
export function initialLayers(layerOf: readonly number[], next: readonly (readonly number[])[]): number[][] {
  const layers: number[][] = [];
  const seen = new Uint8Array(layerOf.length);
  const visit = (root: number) => {
    const stack = [root];
    while (stack.length > 0) {
      const v = stack.pop() as number;
      if (seen[v]) continue;
      seen[v] = 1;
      const layer = layerOf[v] as number;
      while (layers.length <= layer) layers.push([]);
      (layers[layer] as number[]).push(v);
      for (const to of [...(next[v] as readonly number[])].reverse()) if (!seen[to]) stack.push(to);
    }
  };
  for (let v = 0; v < layerOf.length; v++) if (layerOf[v] === 0) visit(v);
  // Given layers (layered-layout.ts) may leave a vertex no path from the first layer reaches.
  for (let v = 0; v < layerOf.length; v++) if (!seen[v]) visit(v);
  return layers;
}

/**
 * Barycentre sweeps from `layers`: each layer ordered by its neighbours' mean position in the layer
 * before (sweeping right), then in the layer after (sweeping left), `sweeps` times; the order with
 * fewest crossings wins, the starting one included.
 */
export function orderLayers(
  layers: number[][],
  next: readonly (readonly number[])[],
  sweeps: number,
): number[][] {
  const previous: number[][] = next.map(() => []);
  next.forEach((targets, v) => {
    for (const to of targets) (previous[to] as number[]).push(v);
  });
  // Positions as fractions of their layer's height, so layers of different sizes compare.
  const position = new Float64Array(next.length);
  const place = (layer: readonly number[]) =>
    layer.forEach((v, i) => {
      position[v] = (i + 0.5) / layer.length;
    });
  const reorder = (layer: number[], neighbours: readonly (readonly number[])[]) => {
    const barycentre = new Map<number, number>();
    for (const v of layer) {
      const around = neighbours[v] as readonly number[];
      // A vertex with no neighbour on that side keeps its place.
      barycentre.set(
        v,
        around.length === 0
          ? (position[v] as number)
          : around.reduce((sum, u) => sum + (position[u] as number), 0) / around.length,
      );
    }
    layer.sort(
      (a, b) =>
        (barycentre.get(a) as number) - (barycentre.get(b) as number) ||
        (position[a] as number) - (position[b] as number),
    );
    place(layer);
  };

  for (const layer of layers) place(layer);
  let best = layers.map((layer) => [...layer]);
  let fewest = countCrossings(layers, next);
  for (let sweep = 0; sweep < sweeps && fewest > 0; sweep++) {
    for (let i = 1; i < layers.length; i++) reorder(layers[i] as number[], previous);
    for (let i = layers.length - 2; i >= 0; i--) reorder(layers[i] as number[], next);
    const crossings = countCrossings(layers, next);
    if (crossings < fewest) {
      fewest = crossings;
      best = layers.map((layer) => [...layer]);
    }
  }
  return best;
}

/**
 * How many pairs of edges cross between neighbouring layers: sorted by their left ends, two edges
 * cross where their right ends are in the opposite order, counted with a Fenwick tree.
 */
export function countCrossings(
  layers: readonly (readonly number[])[],
  next: readonly (readonly number[])[],
): number {
  const indexInLayer = new Map<number, number>();
  for (const layer of layers) for (const [i, v] of layer.entries()) indexInLayer.set(v, i);
  let crossings = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const ends: number[] = [];
    for (const v of layers[l] as readonly number[]) {
      const right = (next[v] as readonly number[])
        .map((to) => indexInLayer.get(to) as number)
        .sort((a, b) => a - b);
      ends.push(...right);
    }
    const size = (layers[l + 1] as readonly number[]).length;
    const tree = new Int32Array(size + 1);
    ends.forEach((end, seen) => {
      let atOrBelow = 0;
      for (let i = end + 1; i > 0; i -= i & -i) atOrBelow += tree[i] as number;
      crossings += seen - atOrBelow;
      for (let i = end + 1; i <= size; i += i & -i) tree[i] = (tree[i] as number) + 1;
    });
  }
  return crossings;
}
