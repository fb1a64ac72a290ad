import type { PrismaClient } from '../../prisma/client.ts';
import { type DayKey, dakarDay, dayKey, dayNumber, frenchDay, readDay } from '../../processes/calendar.ts';
import { cardNumberProblem, compactCardNumber } from '../../processes/enrolment/card-number.ts';
import { type BeneficiaryFacts, type RightsAnswer, rightsOn } from '../../processes/enrolment/rights.ts';
import { resolveSettings, type SettingValues } from '../../processes/settings.ts';
import { prismaSql } from '../enrolment/beneficiary-ipm.ts';
import { factsByCardNumber, rightsAtMany, rightsSettingsOf } from '../enrolment/rights-at.ts';
import type { SqlClient } from '../enrolment/sql.ts';
import type { MailSettings } from '../mail/settings.ts';
import { InvalidNinError, ninIndex } from '../personal-data/blind-index.ts';
import type { DataKeys } from '../personal-data/data-keys.ts';
import { type ActCoverage, actsCoverage } from './care-package.ts';
import { checkNumberOf, type LoggedCheck, logCheck } from './check-log.ts';
import { noteDistantCheck, noteForFraud } from './fraud.ts';
import { byNinIndex, type Candidate } from './lookup.ts';
import { type ConventionStanding, conventionStanding, organisationName, providerStanding } from './provider.ts';
import { takeCheck } from './rate-limit.ts';
import { regionName } from './regions.ts';

// The rights check: a read path, answered from PostgreSQL (never through a workflow) with the one rule
// (`rightsAt`), then logged. Every way it can fail to answer — a malformed card, nobody under that
// number, a date out of range, a provider not accredited — is an answer too, in French, and logged;
// none says anything of another member. Only the rate limit refuses without logging (nothing was
// looked up).

export type CheckChannel = 'graphql' | 'texte' | 'fhir' | 'portail';

export interface CheckRequest {
  actorId: string;
  providerOrganisationId: string;
  channel: CheckChannel;
  cardNumber?: string | null;
  nin?: string | null;
  /** YYYY-MM-DD; today in Dakar when absent. */
  date?: string | null;
  acts?: readonly string[] | null;
}

export type CheckOutcome =
  | RightsAnswer['code']
  | 'identifiant_absent'
  | 'carte_invalide'
  | 'nin_invalide'
  | 'inconnu'
  | 'date_invalide'
  | 'date_hors_limites'
  | 'prestataire_non_agree';

export interface CheckAnswer {
  /** What the provider quotes: CD-000000042. */
  checkNumber: string;
  checkedAt: Date;
  outcome: CheckOutcome;
  covered: boolean;
  /** In French, for a receptionist: covered, or why not and what to do. */
  reason: string;
  /** The day checked, when the date asked was one. */
  date: DayKey | null;
  ipm: { id: string; name: string } | null;
  acts: ActCoverage[];
  /**
   * The provider's convention with the member's IPM that day, when the member is covered: `tiers_payant`
   * (the IPM pays its share to the provider), `sans_tiers_payant`, `absent` (not conventioned: the
   * member pays and is reimbursed by the IPM), `unknown` (the IPM keeps no list in force); null otherwise.
   */
  convention: ConventionStanding['status'] | null;
  /** The whole answer on one line (SMS, USSD, voice). */
  line: string;
}

export interface CheckDependencies {
  prisma: PrismaClient;
  /**
   * The check's own statements (lookup, the rule's facts, the log): a plain `pg` pool of the check
   * path, without Prisma's query layer, where the database serves several connections; Prisma's
   * pool otherwise (the embedded PGlite serves one).
   */
  db?: SqlClient;
  /** The NIN's blind index key; without it, checks by NIN are answered as not available. */
  dataKeys?: DataKeys;
  settingOverrides?: SettingValues;
  /** Where the alerts the checks raise are mailed from; without it they are only recorded. */
  mail?: MailSettings;
  now?: () => Date;
}

export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Trop de contrôles de droits en une minute pour votre établissement : réessayez dans ${retryAfterSeconds} s. ` +
        'Si ce volume est normal pour vous, demandez à ICAMO de relever la limite.',
    );
  }
}

const ACT_CODE = /^[A-Z]{3}[0-9]{3}$/;

export async function checkRights(deps: CheckDependencies, request: CheckRequest): Promise<CheckAnswer> {
  const now = deps.now?.() ?? new Date();
  const settings = resolveSettings(
    ['controleJoursPasses', 'controleJoursFuturs', 'controleParMinute'],
    deps.settingOverrides ?? {},
  ) as Record<string, number>;
  const wait = takeCheck(request.providerOrganisationId, settings.controleParMinute ?? 120, now.getTime());
  if (wait !== null) throw new RateLimitedError(wait);

  const db = deps.db ?? prismaSql(deps.prisma);
  const today = dakarDay(now);
  const acts = [...new Set((request.acts ?? []).map((a) => a.trim().toUpperCase()).filter(Boolean))];
  const base = {
    actorId: request.actorId,
    providerOrganisationId: request.providerOrganisationId,
    channel: request.channel,
    acts,
  };
  const refuse = async (
    outcome: CheckOutcome,
    reason: string,
    more: Partial<Parameters<typeof logCheck>[1]> & { date?: DayKey | null } = {},
  ) =>
    answerOf(
      await logCheck(db, { ...base, lookup: more.lookup ?? 'carte', outcome, covered: false, answer: reason, ...more }),
      { outcome, covered: false, reason, date: more.date ?? null, ipm: null, acts: [], convention: null },
    );

  const card = request.cardNumber?.trim() ? compactCardNumber(request.cardNumber) : null;
  const nin = !card && request.nin?.trim() ? request.nin : null;
  const lookup = nin ? 'nin' : 'carte';
  if (!card && !nin)
    return refuse(
      'identifiant_absent',
      'Indiquez le numéro de carte d’assuré (12 chiffres) ou le NIN de la personne à contrôler.',
    );

  // The date first: the provider's accreditation is read on it.
  const asked = request.date?.trim() || today;
  if (readDay(asked) === null)
    return refuse(
      'date_invalide',
      'Date de soins invalide : indiquez-la au format AAAA-MM-JJ (par exemple 2026-12-02).',
      {
        lookup,
      },
    );
  const offset = dayNumber(asked) - dayNumber(today);
  const pastLimit = settings.controleJoursPasses ?? 365;
  const futureLimit = settings.controleJoursFuturs ?? 90;
  if (offset < -pastLimit || offset > futureLimit)
    return refuse(
      'date_hors_limites',
      `Date de soins hors limites : le contrôle porte sur une date entre le ${frenchDay(dayKey(dayNumber(today) - pastLimit))} et le ${frenchDay(dayKey(dayNumber(today) + futureLimit))}.`,
      { lookup, careDate: asked, date: asked },
    );

  const provider = await providerStanding(deps.prisma, request.providerOrganisationId, asked, now.getTime());
  const withProvider = {
    lookup,
    careDate: asked,
    date: asked,
    providerCode: provider.code,
    providerRegion: provider.region,
  } as const;
  if (!provider.accredited)
    return refuse(
      'prestataire_non_agree',
      provider.code
        ? `Votre établissement (${provider.code}) n’est pas agréé au ${frenchDay(asked)} dans le référentiel des prestataires : aucun contrôle de droits possible. Contactez ICAMO.`
        : 'Votre établissement n’est rattaché à aucun prestataire agréé du référentiel : aucun contrôle de droits possible. Contactez ICAMO.',
      { ...withProvider, rights: { prestatairesVersionId: provider.versionId } },
    );

  let subjectKey: string;
  let candidates: Candidate[];
  // By card, the holder comes with the rule's facts in the same statement; by NIN, they are loaded next.
  let factsOfCard: BeneficiaryFacts[] | null = null;
  if (card) {
    const problem = cardNumberProblem(card);
    if (problem) return refuse('carte_invalide', problem, withProvider);
    subjectKey = card;
    const held = await factsByCardNumber(db, card);
    candidates = held;
    factsOfCard = held.map((h) => h.facts);
  } else {
    if (!deps.dataKeys)
      return refuse(
        'nin_invalide',
        'Le contrôle par NIN n’est pas disponible sur ce serveur : utilisez le numéro de carte d’assuré.',
        withProvider,
      );
    try {
      subjectKey = ninIndex(deps.dataKeys.index, nin as string);
    } catch (error) {
      if (!(error instanceof InvalidNinError)) throw error;
      return refuse('nin_invalide', error.message, withProvider);
    }
    candidates = await byNinIndex(db, subjectKey);
  }
  const alerting = { prisma: deps.prisma, mail: deps.mail };
  const providerName = provider.name ?? provider.code ?? request.providerOrganisationId;
  const fraud = (family: string, ipmId: string | null) =>
    noteForFraud(alerting, {
      providerOrganisationId: request.providerOrganisationId,
      providerName,
      family,
      ipmId,
      at: now,
      settingOverrides: deps.settingOverrides ?? {},
    });
  if (candidates.length === 0) {
    // Trying numbers that name nobody is what an enumeration mostly looks like.
    await fraud(subjectKey, null);
    return refuse(
      'inconnu',
      card
        ? 'Aucun assuré ne porte ce numéro de carte : vérifiez-le sur la carte, ou demandez le NIN.'
        : 'Aucun assuré n’est enregistré sous ce NIN : vérifiez-le, ou demandez la carte d’assuré.',
      { ...withProvider, subjectKey },
    );
  }

  const rightsSettings = rightsSettingsOf(deps.settingOverrides);
  const answers = factsOfCard
    ? factsOfCard.map((f) => rightsOn(f, asked, rightsSettings))
    : await rightsAtMany(
        db,
        candidates.map((c) => ({ beneficiaryId: c.beneficiaryId, date: asked })),
        rightsSettings,
      );
  // Of a NIN held in two registers (a transfer), the one that covers that day; else the first.
  const index = Math.max(
    0,
    answers.findIndex((a) => a?.covered),
  );
  const candidate = candidates[index] as Candidate;
  const rights = answers[index] as RightsAnswer;
  const ipmId = rights.ipmId ?? candidate.registerIpmId;
  const ipm = await organisationName(deps.prisma, ipmId, now.getTime());
  const [coverage, convention] = rights.covered
    ? await Promise.all([
        actsCoverage(deps.prisma, ipmId, acts, asked),
        provider.code ? conventionStanding(deps.prisma, ipmId, provider.code, asked, now.getTime()) : null,
      ])
    : [[], null];
  const unknownActs = acts.filter((a) => !ACT_CODE.test(a));
  const reason = receptionistReason(rights, ipm?.name ?? null, unknownActs, convention?.status ?? null, asked);
  const logged = await logCheck(db, {
    ...base,
    ...withProvider,
    subjectKey,
    beneficiaryId: candidate.beneficiaryId,
    ipmId: candidate.registerIpmId,
    outcome: rights.code,
    covered: rights.covered,
    answer: reason,
    // The same member checked earlier today in another région comes back with the insert.
    distantSince: today,
    rights: {
      rule: 'rightsOn',
      date: rights.date,
      code: rights.code,
      since: rights.since,
      ipmId: rights.ipmId,
      employerId: rights.employerId,
      used: rights.used,
      prestatairesVersionId: provider.versionId,
      convention: convention ? { status: convention.status, versionId: convention.versionId } : null,
      acts: coverage.map((c) => ({ code: c.code, versionId: c.versionId, known: c.known })),
    },
  });
  await fraud(candidate.participantId, candidate.registerIpmId);
  if (logged.distant && provider.region) {
    const earlierProvider = await providerStanding(deps.prisma, logged.distant.providerOrganisationId, asked);
    await noteDistantCheck(alerting, {
      providerOrganisationId: request.providerOrganisationId,
      providerName,
      region: provider.region,
      regionName: regionName(provider.region),
      beneficiaryId: candidate.beneficiaryId,
      ipmId: candidate.registerIpmId,
      day: today,
      checkNumber: checkNumberOf(logged.id),
      earlier: {
        checkNumber: checkNumberOf(logged.distant.id),
        providerName: earlierProvider.name ?? earlierProvider.code ?? logged.distant.providerOrganisationId,
        regionName: regionName(logged.distant.region),
      },
    });
  }
  return answerOf(logged, {
    outcome: rights.code,
    covered: rights.covered,
    reason,
    date: asked,
    ipm: ipm ?? null,
    acts: coverage,
    convention: convention?.status ?? null,
  });
}

/** The rule's reason, with the IPM named and what the receptionist may do next. */
function receptionistReason(
  rights: RightsAnswer,
  ipmName: string | null,
  unknownActs: readonly string[],
  convention: ConventionStanding['status'] | null,
  day: DayKey,
): string {
  const acts =
    unknownActs.length > 0 ? ` Code(s) d’acte non reconnu(s) : ${unknownActs.join(', ')} (format CON001).` : '';
  const terms =
    convention === 'absent'
      ? ` Votre établissement n’est pas conventionné avec cette IPM au ${frenchDay(day)} : pas de tiers payant, le patient règle les soins et se fait rembourser par son IPM.`
      : convention === 'sans_tiers_payant'
        ? ' Convention sans tiers payant : le patient règle les soins et se fait rembourser par son IPM.'
        : '';
  if (rights.covered) return `${rights.reason.replace(/\.$/, '')}${ipmName ? ` par l’${ipmName}` : ''}.${terms}${acts}`;
  const next =
    rights.code === 'non_affilie'
      ? ' Le patient peut être reçu à ses frais ou s’adresser à son IPM.'
      : ' Soins à la charge du patient, sauf accord de son IPM.';
  return `${rights.reason}${next}${acts}`;
}

function answerOf(logged: LoggedCheck, answer: Omit<CheckAnswer, 'checkNumber' | 'checkedAt' | 'line'>): CheckAnswer {
  const checkNumber = checkNumberOf(logged.id);
  return { ...answer, checkNumber, checkedAt: logged.at, line: oneLine(checkNumber, answer) };
}

/** « COUVERT … » or « NON COUVERT … », then the check number: what an SMS or a voice server reads out. */
export function oneLine(checkNumber: string, answer: Pick<CheckAnswer, 'covered' | 'reason'>): string {
  return `${answer.covered ? 'COUVERT' : 'NON COUVERT'} - ${answer.reason} Contrôle ${checkNumber}.`.replace(
    /\s+/g,
    ' ',
  );
}

/** For tests and the bench: the database client the check runs its statements on. */
export type { SqlClient };
