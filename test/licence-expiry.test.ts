import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { eventually, licensing } from './support/licensing.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';
import type { People } from './support/people.ts';

// A licence left to its date: the validity period is a setting (here a few seconds), the reminders
// before expiry are durations of the licence process (here seconds apart). The gérant is reminded
// three times through a real SMTP conversation, then the licence expires on its date by a durable
// timer and the register says so.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let lab: MailLab;
let l: ReturnType<typeof licensing>;

const VALIDITY_SECONDS = 12;

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({
    dependencies: { mail: lab.settings, dataDir: lab.dataDir },
    settingOverrides: { dureeValiditeAgrement: `PT${VALIDITY_SECONDS}S` },
    durationOverrides: {
      'licence.premierRappelRenouvellement': 'PT9S',
      'licence.deuxiemeRappelRenouvellement': 'PT6S',
      'licence.dernierRappelRenouvellement': 'PT3S',
    },
  });
  ({ api, people } = suite);
  l = licensing(api);
});
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

describe('a licence nobody renews', () => {
  it('reminds the gérant at each lead time, then expires on its date', async () => {
    const caseId = await l.toDecision({
      gerant: people.person.gerantA,
      agent: people.person.agentMinistere,
      analyste: people.person.analyste,
    });
    await l.act(people.person.directeur, caseId, 'decision.accorder');
    const application = await eventually(
      () => l.read(people.person.gerantA, caseId),
      (c) => c.children.length === 1,
    );
    const licence = application.children[0];
    const { debutValidite, finValidite } = application.context;
    expect(Date.parse(finValidite) - Date.parse(debutValidite)).toBe(VALIDITY_SECONDS * 1000);

    const expired = await eventually(
      () => l.read(people.person.gerantA, licence.id),
      (c) => c.state === 'expire',
      VALIDITY_SECONDS * 1000 + 15_000,
    );
    expect(expired.history.at(-1)).toMatchObject({ event: 'licence.expirer', actorRole: 'systeme', toState: 'expire' });
    // Not before its date.
    const expiredAt = await suite.h.prisma.auditEntry.findFirstOrThrow({
      where: { caseId: licence.id, event: 'licence.expirer' },
    });
    expect(expiredAt.at.getTime()).toBeGreaterThanOrEqual(Date.parse(finValidite));

    await expect
      .poll(
        async () =>
          (await lab.caught())
            .filter((m) => recipientOf(m) === people.person.gerantA.email && m.subject?.includes(licence.businessKey))
            .map((m) => m.subject?.replace(/le \d.*$/, 'le …'))
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual([
        `Dossier ${licence.businessKey} : Expiré`,
        `Dossier ${licence.businessKey} : l’agrément expire le …`,
        `Dossier ${licence.businessKey} : l’agrément expire le …`,
        `Dossier ${licence.businessKey} : l’agrément expire le …`,
      ]);
    const register = await l.run(
      null,
      `query($numero: String!) { registerEntry(numero: $numero) { ... on RegisterEntry { status statusLabel history { label } } } }`,
      { numero: licence.businessKey },
    );
    expect(register.registerEntry).toEqual({
      status: 'expire',
      statusLabel: 'Expiré',
      history: [{ label: 'Agrément accordé' }, { label: 'Agrément expiré' }],
    });
    // Expired is final: nothing more can be done with it.
    expect(await l.send(people.person.gerantA, licence.id, 'renouvellement.demander')).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'non_autorise',
    });
  });
});
