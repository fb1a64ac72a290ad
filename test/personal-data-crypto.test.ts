import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure, type Payload } from '@temporalio/common';
import {
  decodeFailure,
  encodeErrorToFailure,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow/index.js';
import { temporal } from '@temporalio/proto';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/env.ts';
import { siamoDataConverter } from '../runtime/data-converter.ts';
import { resolveKeys } from '../runtime/keys.ts';
import { EncryptionCodec } from '../runtime/payload-codec.ts';
import { InvalidNinError, ninIndex, normaliseNin } from '../services/personal-data/blind-index.ts';
import { newDataKeysText, parseDataKeys } from '../services/personal-data/data-keys.ts';
import { decryptField, encryptField, needsReencryption } from '../services/personal-data/field-encryption.ts';
import { readKeyFile, readOrCreateKeyFile } from '../services/personal-data/key-file.ts';
import { newKeyEntry, parseKeyRing } from '../services/personal-data/key-ring.ts';
import { byNin, protectNin, revealNin } from '../services/personal-data/nin.ts';
import { DecryptionError } from '../services/personal-data/sealed-box.ts';

// The cryptography that protects personal data, checked against what an attacker or a careless
// operator would do: altered bytes, a value moved elsewhere, a key rotated or removed, a key file
// left readable, keys missing against a real cluster.

const dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const k1 = newKeyEntry('k1');
const k2 = newKeyEntry('k2');
const NIN = '1 751 1988 01234';

describe('key rings', () => {
  it('read id:base64 entries, the first one encrypting', () => {
    const ring = parseKeyRing(`${k2}, ${k1}`);
    expect(ring.current.id).toBe('k2');
    expect([...ring.byId.keys()]).toEqual(['k2', 'k1']);
    expect(parseKeyRing(`# rotation de décembre\n${k2}\n${k1}\n`).current.id).toBe('k2');
  });

  it('refuse malformed entries in French, without repeating a key', () => {
    const short = `k1:${randomBytes(16).toString('base64')}`;
    expect(() => parseKeyRing(short)).toThrow('clé n° 1 (« k1 ») : la clé doit faire 32 octets encodés en base64');
    expect(() => parseKeyRing(`${k1},${k1}`)).toThrow('l’id « k1 » est donné deux fois');
    expect(() => parseKeyRing(randomBytes(32).toString('base64'))).toThrow('attendu id:cléEnBase64');
    expect(() => parseKeyRing(' , ')).toThrow('aucune clé');
    const secret = k1.split(':')[1] as string;
    expect(() => parseKeyRing(`${k1},k 2:${secret}`)).toThrow(/^(?!.*\+)(?!.*=).*clé n° 2/);
  });
});

describe('field encryption', () => {
  const keys = parseDataKeys(newDataKeysText());

  it('gives back the text, and something else each time for the same text', () => {
    const a = encryptField(keys.fields, 'nin', '1751198801234');
    const b = encryptField(keys.fields, 'nin', '1751198801234');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).includes(Buffer.from('1751198801234'))).toBe(false);
    expect(decryptField(keys.fields, 'nin', a)).toBe('1751198801234');
  });

  it('refuses a value altered anywhere, cut short, or moved to another purpose', () => {
    const stored = encryptField(keys.fields, 'nin', '1751198801234');
    for (const position of [0, 4, stored.length - 1, 2 + 2 + 12, 2 + 2 + 12 + 16]) {
      const altered = Uint8Array.from(stored);
      altered[position] = (altered[position] ?? 0) ^ 0x01;
      expect(() => decryptField(keys.fields, 'nin', altered), `octet ${position}`).toThrow(DecryptionError);
    }
    expect(() => decryptField(keys.fields, 'nin', stored.subarray(0, 20))).toThrow(DecryptionError);
    expect(() => decryptField(keys.fields, 'telephone', stored)).toThrow(DecryptionError);
  });

  it('reads values of a previous key after a rotation, and tells which need encrypting again', () => {
    const before = parseKeyRing(k1);
    const after = parseKeyRing(`${k2},${k1}`);
    const old = encryptField(before, 'nin', 'ancien');
    const fresh = encryptField(after, 'nin', 'nouveau');
    expect(decryptField(after, 'nin', old)).toBe('ancien');
    expect(decryptField(after, 'nin', fresh)).toBe('nouveau');
    expect(needsReencryption(after, old)).toBe(true);
    expect(needsReencryption(after, fresh)).toBe(false);
    // The old key removed too soon: the message names the key, so that it can be put back.
    expect(() => decryptField(parseKeyRing(k2), 'nin', old)).toThrow('clé « k1 » inconnue');
  });
});

describe('the NIN’s blind index', () => {
  const keys = parseDataKeys(newDataKeysText());

  it('is the same for the same NIN however it is typed, and differs between NINs', () => {
    expect(normaliseNin(' 1.751-1988 01234 ')).toBe('1751198801234');
    expect(ninIndex(keys.index, NIN)).toBe(ninIndex(keys.index, '1751198801234'));
    expect(ninIndex(keys.index, NIN)).not.toBe(ninIndex(keys.index, '1751198801235'));
    expect(ninIndex(keys.index, NIN)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on its key: without it, a plain hash of every NIN does not find it', () => {
    const other = parseDataKeys(newDataKeysText());
    expect(ninIndex(keys.index, NIN)).not.toBe(ninIndex(other.index, NIN));
    const plain = createHash('sha256').update('1751198801234').digest('hex');
    const prefixed = createHash('sha256').update('nin\u00001751198801234').digest('hex');
    expect([plain, prefixed]).not.toContain(ninIndex(keys.index, NIN));
  });

  it('refuses what is not a NIN, without repeating it', () => {
    expect(() => normaliseNin('Aminata Ndiaye')).toThrow(InvalidNinError);
    expect(() => normaliseNin('Aminata Ndiaye')).not.toThrow(/Aminata/);
    expect(() => normaliseNin('12')).toThrow('Le NIN doit compter 13 à 17 chiffres');
    expect(() => normaliseNin('175119880123A')).toThrow(InvalidNinError);
  });

  it('protects a NIN into the two columns, and reveals it back', () => {
    const { ninChiffre, ninIndex: index } = protectNin(keys, NIN);
    expect(index).toBe(byNin(keys, '1751198801234').ninIndex);
    expect(revealNin(keys, ninChiffre)).toBe('1751198801234');
  });
});

describe('data keys', () => {
  it('need their own index key beside the encryption keys', () => {
    expect(() => parseDataKeys(k1)).toThrow('il manque la clé de l’index « index:… »');
    expect(() => parseDataKeys(newKeyEntry('index'))).toThrow('il manque une clé de chiffrement');
    const secret = k1.split(':')[1];
    expect(() => parseDataKeys(`index:${secret},${k1}`)).toThrow('la clé de l’index doit être différente');
  });
});

describe('key files', () => {
  it('are made owner-only at the first start and read as they are after', () => {
    const file = path.join(dir, 'embarque', 'keys', 'payload-keys');
    const first = readOrCreateKeyFile(file, () => `${newKeyEntry('p1')}\n`);
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const second = readOrCreateKeyFile(file, () => `${newKeyEntry('p1')}\n`);
    expect(second).toEqual({ text: first.text, created: false });
  });

  it('are refused when others than their owner may read them', () => {
    const file = path.join(dir, 'lisible');
    writeFileSync(file, k1, { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => readKeyFile(file)).toThrow(`« chmod 600 ${file} »`);
  });
});

describe('the payload codec', () => {
  const json = (value: unknown): Payload => ({
    metadata: { encoding: Buffer.from('json/plain') },
    data: Buffer.from(JSON.stringify(value)),
  });

  it('seals payloads whole, naming the key, and opens them again', async () => {
    const codec = new EncryptionCodec(parseKeyRing(`${k2},${k1}`));
    const [sealed] = await codec.encode([json({ nom: 'Aminata Ndiaye' })]);
    expect(Buffer.from(sealed?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k2');
    const bytes = Buffer.from(temporal.api.common.v1.Payload.encode(sealed as Payload).finish());
    expect(bytes.includes(Buffer.from('Aminata'))).toBe(false);
    expect(bytes.includes(Buffer.from('json/plain'))).toBe(false);
    const [opened] = await codec.decode([sealed as Payload]);
    expect(JSON.parse(Buffer.from(opened?.data ?? []).toString())).toEqual({ nom: 'Aminata Ndiaye' });
  });

  it('reads payloads written before encryption, and those of a previous key', async () => {
    const legacy = json({ ancien: true });
    const [same] = await new EncryptionCodec(parseKeyRing(k1)).decode([legacy]);
    expect(same).toBe(legacy);
    const [old] = await new EncryptionCodec(parseKeyRing(k1)).encode([json('avant')]);
    const [opened] = await new EncryptionCodec(parseKeyRing(`${k2},${k1}`)).decode([old as Payload]);
    expect(Buffer.from(opened?.data ?? []).toString()).toBe('"avant"');
    await expect(new EncryptionCodec(parseKeyRing(k2)).decode([old as Payload])).rejects.toThrow(
      'chiffrée avec la clé « k1 », absente de SIAMO_PAYLOAD_KEYS',
    );
  });

  it('refuses an altered payload, or one whose key id was changed', async () => {
    const ring = parseKeyRing(`${k2},${k1}`);
    const codec = new EncryptionCodec(ring);
    const [sealed] = (await codec.encode([json('x')])) as [Payload];
    const data = Uint8Array.from(sealed.data ?? []);
    data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 1;
    await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow(DecryptionError);
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, 'encryption-key-id': Buffer.from('k1') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(DecryptionError);
  });

  it('with the failure converter, encrypts failure messages too', async () => {
    const converter = loadDataConverter(siamoDataConverter(parseKeyRing(k1)));
    const failure = await encodeErrorToFailure(
      converter,
      ApplicationFailure.nonRetryable('Refusé pour Aminata Ndiaye', 'saisie_invalide'),
    );
    const bytes = Buffer.from(temporal.api.failure.v1.Failure.encode(failure).finish());
    expect(failure.message).toBe('Encoded failure');
    expect(bytes.includes(Buffer.from('Aminata'))).toBe(false);
    const decoded = await decodeFailure(converter.payloadCodecs, failure);
    const error = converter.failureConverter.failureToError(decoded, converter.payloadConverter);
    expect(error.message).toBe('Refusé pour Aminata Ndiaye');
  });
});

describe('keys in the configuration', () => {
  const load = (env: Record<string, string>) => loadConfig(env, dir);
  const problem = (env: Record<string, string>) => {
    try {
      load(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('configuration acceptée');
  };

  it('are required against a real Temporal cluster, naming each variable', () => {
    const message = problem({ TEMPORAL_ADDRESS: 'temporal.example.sn:7233' });
    expect(message).toContain('  - SIAMO_PAYLOAD_KEYS: requis avec TEMPORAL_ADDRESS');
    expect(message).toContain('  - SIAMO_DATA_KEYS: requis avec TEMPORAL_ADDRESS');
    const config = load({
      TEMPORAL_ADDRESS: 'temporal.example.sn:7233',
      SIAMO_PAYLOAD_KEYS: `${k2},${k1}`,
      SIAMO_DATA_KEYS: newDataKeysText().replace('\n', ','),
    });
    expect(config.payloadKeys?.current.id).toBe('k2');
    expect(config.dataKeys?.fields.current.id).toBe('d1');
  });

  it('report a malformed value, a bad file, and a value given twice', () => {
    expect(problem({ SIAMO_PAYLOAD_KEYS: 'k1:court' })).toBe(
      'Configuration invalide :\n  - SIAMO_PAYLOAD_KEYS: clé n° 1 (« k1 ») : la clé doit faire 32 octets encodés en base64 ' +
        '(générez-en une avec « openssl rand -base64 32 »)',
    );
    expect(problem({ SIAMO_DATA_KEYS: k1 })).toContain('SIAMO_DATA_KEYS: il manque la clé de l’index');
    expect(problem({ SIAMO_PAYLOAD_KEY_FILE: 'absent' })).toContain(
      `SIAMO_PAYLOAD_KEY_FILE: fichier de clés ${path.join(dir, 'absent')} introuvable`,
    );
    writeFileSync(path.join(dir, 'cles'), `${k1}\n`, { mode: 0o600 });
    expect(load({ SIAMO_PAYLOAD_KEY_FILE: 'cles' }).payloadKeys?.current.id).toBe('k1');
    expect(problem({ SIAMO_PAYLOAD_KEY_FILE: 'cles', SIAMO_PAYLOAD_KEYS: k2 })).toContain(
      'SIAMO_PAYLOAD_KEYS, SIAMO_PAYLOAD_KEY_FILE: donnez les clés ou leur fichier, pas les deux.',
    );
  });

  it('are made in the data folder in embedded mode, once', () => {
    const config = load({ SIAMO_DATA_DIR: 'donnees' });
    expect(config.payloadKeys).toBeUndefined();
    const logged: string[] = [];
    const first = resolveKeys(config, (m) => logged.push(m));
    expect(logged.join()).toContain(path.join(dir, 'donnees', 'keys', 'payload-keys'));
    expect(statSync(path.join(dir, 'donnees', 'keys', 'data-keys')).mode & 0o777).toBe(0o600);
    const second = resolveKeys(config, (m) => logged.push(m));
    expect(logged).toHaveLength(1);
    expect(second.payload.current.key.equals(first.payload.current.key)).toBe(true);
    expect(second.data.index.equals(first.data.index)).toBe(true);
  });
});
