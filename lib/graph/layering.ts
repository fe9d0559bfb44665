/**
 * The first two steps of the layered layout (layered-layout.ts): make the graph acyclic, then give
 * every vertex a layer. Vertices are numbers; `calls[v]` lists whom v calls.
 */

/**
 * The edges (as `from * n + to`) that close a cycle: a depth-first search, from the sources first
 * (in the order given) and then from any node left unvisited, meets them pointing back to a node
 * still on its path. Reversing exactly those leaves no cycle, and a call back to a caller — the
 * usual cycle between services, a callback — is the edge drawn backwards, not the call that came first.
 */
export function breakCycles(calls: readonly (readonly number[])[]): Set<number> {
  const n = calls.length;
  const state = new Uint8Array(n); // 0 unseen, 1 on the current path, 2 done
  const called = new Uint8Array(n);
  for (const targets of calls) for (const to of targets) called[to] = 1;
  const roots = [...calls.keys()].sort((a, b) => (called[a] as number) - (called[b] as number) || a - b);
  const back = new Set<number>();
  for (const root of roots) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    const stack: [vertex: number, nextTarget: number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [v, i] = top;
      const targets = calls[v] as readonly number[];
      if (i === targets.length) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1] = i + 1;
      const to = targets[i] as number;
      if (state[to] === 1) back.add(v * n + to);
      else if (state[to] === 0) {
        state[to] = 1;
        stack.push([to, 0]);
      }
    }
  }
  return back;
}

/** Each vertex's layer: 0 for a source, else one more than its furthest caller's (Kahn's order). */
export function longestPathLayers(forward: readonly (readonly number[])[]): number[] {
  const waiting = forward.map(() => 0);
  for (const targets of forward) for (const to of targets) waiting[to] = (waiting[to] as number) + 1;
  const layer = forward.map(() => 0);
  const ready = [...forward.keys()].filter((v) => waiting[v] === 0);
  for (let head = 0; head < ready.length; head++) {
    const v = ready[head] as number;
    for (const to of forward[v] as readonly number[]) {
      layer[to] = Math.max(layer[to] as number, (layer[v] as number) + 1);
      waiting[to] = (waiting[to] as number) - 1;
      if (waiting[to] === 0) ready.push(to);
    }
  }
  return layer;
}
