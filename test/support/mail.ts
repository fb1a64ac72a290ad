import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { SendMailOptions } from 'nodemailer';
import type { OrganisationKind } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import type { Role } from '../../processes/roles.ts';
import { type MailCatcher, startMailCatcher } from '../../services/mail/catcher.ts';
import { caughtMailDir } from '../../services/mail/caught-mail.ts';
import type { MailSettings } from '../../services/mail/settings.ts';
import { createSmtpTransport } from '../../services/mail/transport.ts';

/** A data folder with a real in-process SMTP catcher, and mail settings that send to it. */
export interface MailLab {
  dataDir: string;
  catcher: MailCatcher;
  settings: MailSettings;
  /** Makes the next `count` sends fail as a refused connection would, before anything reaches the server. */
  failNext(count: number): void;
  /** Every message the catcher kept, parsed by a real mail parser. */
  caught(): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export const PUBLIC_URL = 'https://siamo.sante.test';

export async function createMailLab(options: { leaseMs?: number } = {}): Promise<MailLab> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-mail-'));
  const catcher = await startMailCatcher({ dir: caughtMailDir(dataDir) });
  const smtp = createSmtpTransport(catcher.url, { ignoreTLS: true });
  let failures = 0;
  const settings: MailSettings = {
    transport: {
      sendMail: async (message: SendMailOptions) => {
        if (failures > 0) {
          failures--;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNECTION' });
        }
        return smtp.sendMail(message);
      },
    },
    from: 'Siamo <ne-pas-repondre@siamo.sante.test>',
    publicUrl: PUBLIC_URL,
    leaseMs: options.leaseMs ?? 1500,
  };
  return {
    dataDir,
    catcher,
    settings,
    failNext: (count) => {
      failures = count;
    },
    caught: async () => {
      const dir = caughtMailDir(dataDir);
      const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
      return Promise.all(files.map((f) => simpleParser(readFileSync(path.join(dir, f)))));
    },
    close: async () => {
      smtp.close();
      await catcher.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The address a parsed message was sent to. */
export const recipientOf = (mail: ParsedMail): string => {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address ?? '';
};

export interface Person {
  id: string;
  email: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  active?: boolean;
}

/** Organisations and people, as the people service would have registered them. */
export async function seedPeople(
  prisma: PrismaClient,
  organisations: { id: string; kind: OrganisationKind; name: string }[],
  people: Person[],
): Promise<void> {
  await prisma.organisation.createMany({ data: organisations, skipDuplicates: true });
  await prisma.user.createMany({
    data: people.map((p) => ({ ...p, active: p.active ?? true, passwordHash: 'non-utilise-par-ces-tests' })),
    skipDuplicates: true,
  });
}
