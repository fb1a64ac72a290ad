import { siamoDataConverter } from '../../runtime/data-converter.ts';
import { parseKeyRing } from '../../services/personal-data/key-ring.ts';

// The payload key of the test suites: one fixed key, so that histories recorded into test/histories
// (encrypted like production's) replay in the replay test. A test key, never a deployment's.
export const TEST_PAYLOAD_KEYS = parseKeyRing('test:c2lhbW8tdGVzdHMtY2xlLWRlLWNoYXJnZS0yMDI2ISE=');

export const testDataConverter = () => siamoDataConverter(TEST_PAYLOAD_KEYS);
