import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// `npm install` warns EBADENGINE for any package whose `engines.node` the running Node does not
// satisfy. The lock file records each installed package's engines, so the promise the README makes
// (the Node versions it names install without engine warnings) can be held against it: the lowest
// version package.json accepts, and each version the README says the suite is tested on.

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
};
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const readme = readFileSync('README.md', 'utf8');

const tested = [...readme.matchAll(/Tested on Node (\d+\.\d+)/g)].map((m) => `${m[1]}.0`);
const lowest = semver.minVersion(manifest.engines.node)?.version;
const versions = [...new Set([lowest, ...tested].filter((v): v is string => Boolean(v)))];

describe('the Node versions the README states', () => {
  it('are named, and accepted by package.json', () => {
    expect(tested.length).toBeGreaterThan(0);
    for (const version of versions) expect(semver.satisfies(version, manifest.engines.node)).toBe(true);
  });

  it.each(versions)('Node %s satisfies every installed package’s engines', (version) => {
    const refused = Object.entries(lock.packages)
      .filter(([where]) => where !== '')
      .flatMap(([where, entry]) => {
        // Old packages wrote engines as a list of strings ("node >= 0.8"): npm ignores those.
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range && !semver.satisfies(version, range) ? [`${where}@${entry.version} (${range})`] : [];
      });
    expect(refused).toEqual([]);
  });
});
