import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
// A CommonJS module: Node's ESM loader (tsx, `npm start`) gives only its default export.
import proto from '@temporalio/proto';
import type { KeyRing } from '../services/personal-data/key-ring.ts';
import { open, seal } from '../services/personal-data/sealed-box.ts';

const { temporal } = proto;

// Every payload the client and the worker hand Temporal — start input, updates and their results,
// continue-as-new input, memo, activity arguments, encoded failure messages — is sealed whole
// (metadata included) with AES-256-GCM. The server stores only `binary/encrypted` and the key id.

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const text = new TextEncoder();
const fromText = new TextDecoder();

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.ring.current;
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: text.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text.encode(id) },
      data: seal(key, temporal.api.common.v1.Payload.encode(payload).finish(), text.encode(id)),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      // Payloads written before encryption (older histories) are read as they are.
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || fromText.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[KEY_ID_METADATA];
      if (!idBytes || !payload.data) throw new ValueError('Donnée Temporal chiffrée sans identifiant de clé.');
      const id = fromText.decode(idBytes);
      const key = this.ring.byId.get(id);
      if (!key)
        throw new ValueError(
          `Donnée Temporal chiffrée avec la clé « ${id} », absente de SIAMO_PAYLOAD_KEYS : remettez-la dans la liste.`,
        );
      return temporal.api.common.v1.Payload.decode(open(key, payload.data, idBytes));
    });
  }
}
