import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemporalSettings, type SearchAttributeType, type TemporalSettings } from '../config/temporal-settings.ts';
import { INDEXED_VALUE_TYPES, registerSearchAttributes } from '../runtime/search-attributes.ts';
import { findTemporalCli } from '../runtime/temporal-binary.ts';
import { type DevServer, freePort, startDevServer } from '../runtime/temporal-dev-server.ts';

async function expectNamespaceWithAttributes(
  server: DevServer,
  namespace: string,
  attributes: TemporalSettings['searchAttributes'],
): Promise<void> {
  const connection = await Connection.connect({ address: server.address });
  try {
    const description = await connection.workflowService.describeNamespace({ namespace });
    expect(description.namespaceInfo?.name).toBe(namespace);
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    for (const [name, type] of Object.entries(attributes)) {
      expect(customAttributes?.[name], name).toBe(INDEXED_VALUE_TYPES[type]);
    }
  } finally {
    await connection.close();
  }
}

describe('Temporal dev server', () => {
  const settings = loadTemporalSettings();
  let cliPath: string;
  let dataDir: string;
  let server: DevServer | undefined;

  beforeAll(async () => {
    // No download or build here: the CI prepares the binary beforehand (npx tsx runtime/temporal-binary.ts),
    // and a test that silently spent minutes compiling Go would hide that step being missing.
    cliPath = await findTemporalCli({
      explicitPath: process.env.TEMPORAL_CLI_PATH || undefined,
      allowDownload: false,
      allowBuild: false,
    });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'siamo-temporal-'));
  });

  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, registers search attributes idempotently, and keeps them across a restart', {
    timeout: 120_000,
  }, async () => {
    const dbFile = 'temporal/dev.sqlite';
    server = await startDevServer({
      cliPath,
      settings,
      dataDir,
      port: await freePort(),
      uiPort: false,
      dbFile,
    });
    expect(server.namespace).toBe(settings.namespace);

    // Not in temporal.yaml, so the dev-server flag did not create it: this exercises the add path.
    const extra = { SiamoTestExtra: 'Datetime' } as const;
    const connection = await Connection.connect({ address: server.address });
    try {
      await registerSearchAttributes(connection, settings.namespace, settings.searchAttributes);
      await registerSearchAttributes(connection, settings.namespace, extra);
      await registerSearchAttributes(connection, settings.namespace, { ...settings.searchAttributes, ...extra });
      // A type change must be refused, naming the attribute, instead of silently keeping the old type.
      const [name, type] = Object.entries(settings.searchAttributes)[0] as [string, SearchAttributeType];
      const otherType = type === 'Keyword' ? 'Int' : 'Keyword';
      await expect(registerSearchAttributes(connection, settings.namespace, { [name]: otherType })).rejects.toThrow(
        `${name} existe déjà avec le type ${type}, temporal.yaml demande ${otherType}`,
      );
    } finally {
      await connection.close();
    }
    const everything = { ...settings.searchAttributes, ...extra };
    await expectNamespaceWithAttributes(server, settings.namespace, everything);

    await server.stop();
    await server.stop();

    // Restarted without any attribute to register, so what is found can only come from the database file.
    const bare = { ...settings, searchAttributes: {} };
    server = await startDevServer({ cliPath, settings: bare, dataDir, port: await freePort(), uiPort: false, dbFile });
    await expectNamespaceWithAttributes(server, settings.namespace, everything);
    await server.stop();
    server = undefined;
  });

  it('refuses a port already in use with a message naming it', {
    timeout: 120_000,
  }, async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, settings.devServer.ip, resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(
        startDevServer({
          cliPath,
          settings,
          dataDir,
          port,
          uiPort: false,
          dbFile: null,
        }),
      ).rejects.toThrow(new RegExp(`port ${port}.*déjà utilisé`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('loadTemporalSettings', () => {
  it('names each wrong key of a broken temporal.yaml', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'siamo-settings-'));
    const file = path.join(dir, 'temporal.yaml');
    try {
      await writeFile(
        file,
        [
          'namespace: siamo',
          'taskQueues:',
          '  cases: siamo-dossiers',
          'searchAttributes:',
          '  SiamoProcess: Keywrd',
          'devServer:',
          '  ip: 127.0.0.1',
          '  port: septmille',
          '  uiPort: 8233',
          '  dbFile: temporal/dev.sqlite',
          '  logLevel: warn',
          '  colour: blue',
        ].join('\n'),
      );
      let message = '';
      try {
        loadTemporalSettings(file);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(file);
      expect(message).toMatch(/searchAttributes\.SiamoProcess : .*Keyword.*"Keywrd"/);
      expect(message).toMatch(/devServer\.port : attendu un nombre/);
      expect(message).toMatch(/devServer : clé inconnue : colour/);
      expect(message).not.toMatch(/namespace|taskQueues|logLevel/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
