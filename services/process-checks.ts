import type { PrismaClient } from '../prisma/client.ts';
import { DOMAIN_PROCESS_CHECKS, type EventCheckRequest, type ProcessCheckRequest } from './domain-services.ts';
import { SiamoError } from './errors.ts';
// The product's domains register their checks there; without it a refusal a domain asks for would
// silently not happen.
import './domains.ts';

// The engine consults a process's checks (its domain's `processChecks`) before a person's request
// reaches the case, so that what the workflow cannot know — who acts for a referential's owner — is
// refused before the transition, with nothing changed. The engine knows no domain's rule: it only
// looks the process up.

const withContext = (error: unknown, refused: SiamoError['refused']): never => {
  if (!(error instanceof SiamoError)) throw error;
  throw new SiamoError(error.code, error.message, error.fieldErrors, { ...refused, ...error.refused });
};

export async function checkStart(prisma: PrismaClient, processId: string, request: ProcessCheckRequest): Promise<void> {
  const check = DOMAIN_PROCESS_CHECKS[processId]?.start;
  if (check)
    await check(prisma, request).catch((error) => withContext(error, { event: 'dossier.ouvrir', role: request.role }));
}

export async function checkEvent(prisma: PrismaClient, processId: string, request: EventCheckRequest): Promise<void> {
  const check = DOMAIN_PROCESS_CHECKS[processId]?.event;
  if (check)
    await check(prisma, request).catch((error) =>
      withContext(error, { event: request.event, role: request.role, state: request.state }),
    );
}
