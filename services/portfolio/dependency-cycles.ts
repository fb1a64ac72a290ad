// Finds the projects that depend on each other, directly or through others. Such projects could never
// start if dependencies block starts: the import reports them so that the plan is corrected (or the
// steering committee lifts the block).

/**
 * One cycle per group of projects that depend on each other (strongly connected components, Tarjan),
 * each written as a path from its smallest project back to it: `[3, 5, 7, 3]`. A project that depends
 * on itself gives `[n, n]`. Cycles come smallest project first.
 */
export function dependencyCycles(dependsOn: ReadonlyMap<number, readonly number[]>): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const stack: number[] = [];
  const onStack = new Set<number>();
  const groups: number[][] = [];
  let counter = 0;

  // Recursive on purpose: a portfolio has tens of projects, far from any stack limit.
  const visit = (node: number) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of dependsOn.get(node) ?? []) {
      if (!dependsOn.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: number[] = [];
      let member: number | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      const selfLoop = (dependsOn.get(node) ?? []).includes(node);
      if (group.length > 1 || selfLoop) groups.push(group);
    }
  };
  for (const node of [...dependsOn.keys()].sort((a, b) => a - b)) if (!index.has(node)) visit(node);

  return groups
    .map((group) => cycleThrough(Math.min(...group), new Set(group), dependsOn))
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** The shortest path from `start` back to itself inside its group (breadth first). */
function cycleThrough(start: number, group: Set<number>, dependsOn: ReadonlyMap<number, readonly number[]>): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as number;
    for (const next of [...(dependsOn.get(node) ?? [])].sort((a, b) => a - b)) {
      if (!group.has(next)) continue;
      if (next === start) return [start, ...pathFrom(start, node, previous), start];
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

function pathFrom(start: number, end: number, previous: Map<number, number>): number[] {
  const path: number[] = [];
  for (let at = end; at !== start; at = previous.get(at) as number) path.unshift(at);
  return path;
}
