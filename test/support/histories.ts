import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** Recorded case histories, replayed against the current workflow code by test/replay.test.ts. */
export const HISTORIES = fileURLToPath(new URL('../histories', import.meta.url));

/**
 * Saves a case's history (one run) as the CLI exports it — the format `historyFromJSON` reads, and what
 * an operator exports from production. Never overwrites: a history recorded by older code keeps
 * being replayed, so a name already taken gets the day's date (and a number) appended. Returns the
 * file's name.
 */
export function saveHistory(name: string, caseId: string, runId?: string): string {
  const args = ['workflow', 'show', '--address', inject('temporalAddress'), '--namespace', inject('temporalNamespace')];
  args.push('--workflow-id', caseId, ...(runId ? ['--run-id', runId] : []), '--output', 'json');
  const history = execFileSync(inject('temporalCliPath'), args);
  mkdirSync(HISTORIES, { recursive: true });
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const candidates = [name, `${name}-${day}`, ...Array.from({ length: 98 }, (_, i) => `${name}-${day}-${i + 2}`)];
  for (const candidate of candidates) {
    const file = `${candidate}.json`;
    if (existsSync(path.join(HISTORIES, file))) continue;
    // `wx`: fails rather than overwrite, should another recording take the name meanwhile.
    writeFileSync(path.join(HISTORIES, file), history, { flag: 'wx' });
    console.log(`Historique enregistré : test/histories/${file}`);
    return file;
  }
  throw new Error(`Trop d’historiques nommés « ${name} » aujourd’hui.`);
}
