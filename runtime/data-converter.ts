import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import type { KeyRing } from '../services/personal-data/key-ring.ts';
import { EncryptionCodec } from './payload-codec.ts';

/** Also given to the workflow bundler: failures made inside workflow code are encoded the same way. */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

/** The data converter of every Temporal client and worker of Siamo: payloads and failures encrypted. */
export function siamoDataConverter(payloadKeys: KeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(payloadKeys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
