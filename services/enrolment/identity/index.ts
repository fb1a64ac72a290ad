import { createHttpIdentityRegister } from './http-register.ts';
import type { IdentityRegister } from './identity-register.ts';
import { createTestIdentityRegister } from './test-register.ts';

/**
 * The register hires and workforce imports are checked against: the national one when configured; else,
 * with the demo data, the local register of test identities (the demo's made-up people are in it);
 * else none, and enrolment is not checked against a register.
 */
export function identityRegisterFrom(config: {
  SIAMO_IDENTITY_URL?: string;
  SIAMO_IDENTITY_TOKEN?: string;
  SIAMO_IDENTITY_TIMEOUT_MS?: number;
  SIAMO_DEMO_DATA?: boolean;
}): IdentityRegister | undefined {
  if (config.SIAMO_IDENTITY_URL && config.SIAMO_IDENTITY_TOKEN)
    return createHttpIdentityRegister({
      url: config.SIAMO_IDENTITY_URL,
      token: config.SIAMO_IDENTITY_TOKEN,
      timeoutMs: config.SIAMO_IDENTITY_TIMEOUT_MS ?? 5000,
    });
  return config.SIAMO_DEMO_DATA ? createTestIdentityRegister() : undefined;
}
