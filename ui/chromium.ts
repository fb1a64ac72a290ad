import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Debian's Chromium, driven by playwright-core: no browser download (the machines cannot reach one).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit && existsSync(explicit)) return explicit;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next one
    }
  }
  throw new Error(
    'Chromium introuvable : installez-le (Debian : apt-get install chromium) ou indiquez son chemin dans CHROMIUM_PATH.',
  );
}

export const chromiumAvailable = (): boolean => {
  try {
    chromiumPath();
    return true;
  } catch {
    return false;
  }
};
