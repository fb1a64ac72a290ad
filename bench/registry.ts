// The product's benchmarks, by name: `npm run bench` runs them all, `npm run bench -- <name>` one.
// A benchmark is a module that registers itself here; each ends with `metric <name> <value>` lines.

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<void>;
}

const benchmarks = new Map<string, Benchmark>();

export function registerBenchmark(benchmark: Benchmark): void {
  if (benchmarks.has(benchmark.name)) throw new Error(`Banc d’essai « ${benchmark.name} » enregistré deux fois.`);
  benchmarks.set(benchmark.name, benchmark);
}

export const registeredBenchmarks = (): Benchmark[] => [...benchmarks.values()];

/** Prints one machine-readable figure. */
export const metric = (name: string, value: number): void => console.log(`metric ${name} ${Number(value.toFixed(3))}`);
