import { createHttpIdentityRegister } from './http-register.ts';
import type { IdentityRegister } from './identity-register.ts';
import { createTestIdentityRegister } from './test-register.ts';

/** The register enrolment checks against: the national one when configured, else the local register of test identities. */
export function identityRegisterFrom(config: {
  SIAMO_IDENTITY_URL?: string;
  SIAMO_IDENTITY_TOKEN?: string;
  SIAMO_IDENTITY_TIMEOUT_MS?: number;
}): IdentityRegister {
  return config.SIAMO_IDENTITY_URL && config.SIAMO_IDENTITY_TOKEN
    ? createHttpIdentityRegister({
        url: config.SIAMO_IDENTITY_URL,
        token: config.SIAMO_IDENTITY_TOKEN,
        timeoutMs: config.SIAMO_IDENTITY_TIMEOUT_MS ?? 5000,
      })
    : createTestIdentityRegister();
}
