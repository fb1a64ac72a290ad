import type { PrismaClient } from '../../prisma/client.ts';
import { type DayKey, dakarDay, dayKey, dayNumber, frenchDay, readDay } from '../../processes/calendar.ts';
import { cardNumberProblem, compactCardNumber } from '../../processes/enrolment/card-number.ts';
import type { RightsAnswer } from '../../processes/enrolment/rights.ts';
import { resolveSettings, type SettingValues } from '../../processes/settings.ts';
import { byCardNumber } from '../controle/lookup.ts';
import { providerStanding } from '../controle/provider.ts';
import { prismaSql } from '../enrolment/beneficiary-ipm.ts';
import { rightsAtMany, rightsSettingsOf } from '../enrolment/rights-at.ts';
import { SiamoError } from '../errors.ts';
import { asOf } from '../referentials/as-of.ts';
import { carePackageAt } from '../referentials/care-package.ts';

// The pre-checks of a PEC request, read from PostgreSQL before anything is written: the planned date
// within the settings' reach, the provider accredited that day, the member covered that day (the one
// rule, `rightsAt`), the act in force in the national nomenclature and in the IPM's care package with a
// PEC required for it, the provider conventioned with the IPM, and the tariff of the version in force
// (the one agreed with this provider, else the national one). Each refusal says in French what is
// wrong and what to do, and names nothing of another member. What passes is returned with the
// versions it was read from, which the request records.

const ACT_CODE = /^[A-Z]{3}[0-9]{3}$/;

export interface PecAsked {
  providerOrganisationId: string;
  cardNumber: string;
  actCode: string;
  /** AAAA-MM-JJ. */
  plannedDate: string;
}

export interface PecChecked {
  providerCode: string;
  providerName: string | null;
  beneficiaryId: string;
  ipmId: string;
  actCode: string;
  actLabel: string;
  plannedDate: DayKey;
  tariff: number;
  tariffSource: 'ipm-tarifs-convenus' | 'tarifs';
  rate: number;
  coveredAmount: number;
  medicalOpinionRequired: boolean;
  /** What the answer rests on, as the request row keeps it. */
  checks: Record<string, unknown>;
}

const wrong = (field: string, message: string, hint: string) =>
  new SiamoError('saisie_invalide', message, { [field]: hint });
const unmet = (message: string) => new SiamoError('condition_non_remplie', message);

export async function pecPreChecks(
  prisma: PrismaClient,
  asked: PecAsked,
  overrides: SettingValues = {},
  now = new Date(),
): Promise<PecChecked> {
  const resolved = resolveSettings(['pecJoursPasses', 'pecJoursFuturs'], overrides);
  const settings = { pecJoursPasses: Number(resolved.pecJoursPasses), pecJoursFuturs: Number(resolved.pecJoursFuturs) };
  const card = compactCardNumber(asked.cardNumber ?? '');
  const cardProblem = card ? cardNumberProblem(card) : 'Indiquez le numéro de carte d’assuré (12 chiffres).';
  if (cardProblem) throw wrong('carte', cardProblem, 'Numéro de carte d’assuré invalide.');
  const actCode = (asked.actCode ?? '').trim().toUpperCase();
  if (!ACT_CODE.test(actCode))
    throw wrong(
      'acte',
      'Code d’acte invalide : indiquez le code de la nomenclature des actes (trois lettres et trois chiffres, par exemple CON001).',
      'Trois lettres et trois chiffres (CON001).',
    );
  const day = (asked.plannedDate ?? '').trim();
  if (readDay(day) === null)
    throw wrong(
      'datePrevue',
      'Date prévue invalide : indiquez-la au format AAAA-MM-JJ (par exemple 2026-12-02).',
      'Format AAAA-MM-JJ.',
    );
  const today = dakarDay(now);
  const offset = dayNumber(day) - dayNumber(today);
  if (offset < -settings.pecJoursPasses || offset > settings.pecJoursFuturs)
    throw wrong(
      'datePrevue',
      `Date prévue hors limites : une prise en charge se demande pour une date entre le ${frenchDay(dayKey(dayNumber(today) - settings.pecJoursPasses))} et le ${frenchDay(dayKey(dayNumber(today) + settings.pecJoursFuturs))}.`,
      'Date hors des limites permises.',
    );

  const provider = await providerStanding(prisma, asked.providerOrganisationId, day, now.getTime());
  if (!provider.accredited || !provider.code)
    throw unmet(
      provider.code
        ? `Votre établissement (${provider.code}) n’est pas agréé au ${frenchDay(day)} dans le référentiel des prestataires : aucune prise en charge ne peut être demandée. Contactez ICAMO.`
        : 'Votre établissement n’est rattaché à aucun prestataire agréé du référentiel : aucune prise en charge ne peut être demandée. Contactez ICAMO.',
    );

  const db = prismaSql(prisma);
  const candidates = await byCardNumber(db, card);
  if (candidates.length === 0)
    throw wrong(
      'carte',
      'Aucun assuré ne porte ce numéro de carte : vérifiez-le sur la carte d’assuré.',
      'Aucun assuré sous ce numéro.',
    );
  const rightsSettings = rightsSettingsOf(overrides);
  const answers = await rightsAtMany(
    db,
    candidates.map((c) => ({ beneficiaryId: c.beneficiaryId, date: day })),
    rightsSettings,
  );
  const index = Math.max(
    0,
    answers.findIndex((a) => a?.covered),
  );
  const rights = answers[index] as RightsAnswer;
  const candidate = candidates[index] as (typeof candidates)[number];
  if (!rights.covered)
    throw unmet(
      `${rights.reason} Aucune prise en charge ne peut être accordée pour cette date : vérifiez la date prévue, ou adressez le patient à son IPM.`,
    );
  const ipmId = rights.ipmId ?? candidate.registerIpmId;

  // The referentials, each as of the planned date: the nomenclature, the IPM's package, its conventions.
  const [[act], [entry], [convention], [agreed], [national]] = await Promise.all([
    asOf(prisma, 'actes', [actCode], day),
    carePackageAt(prisma, ipmId, [actCode], day),
    asOf(prisma, 'ipm-prestataires-conventionnes', [provider.code], day, ipmId),
    asOf(prisma, 'ipm-tarifs-convenus', [`${provider.code}-${actCode}`], day, ipmId),
    asOf(prisma, 'tarifs', [actCode], day),
  ]);
  if (!act?.fields)
    throw wrong(
      'acte',
      `L’acte ${actCode} n’est pas dans la nomenclature des actes en vigueur au ${frenchDay(day)} : vérifiez le code.`,
      'Acte absent de la nomenclature en vigueur.',
    );
  if (!entry?.covered)
    throw unmet(
      `L’acte ${actCode} n’est pas dans le panier de soins de l’IPM de l’assuré au ${frenchDay(day)} : il n’est pas couvert, aucune prise en charge n’est possible.`,
    );
  if (!entry.pecRequired)
    throw unmet(
      `L’acte ${actCode} ne demande pas de prise en charge préalable dans le panier de soins de l’IPM : présentez directement la feuille de soins.`,
    );
  if (!convention?.fields)
    throw unmet(
      `Votre établissement (${provider.code}) n’est pas conventionné avec l’IPM de l’assuré au ${frenchDay(day)} : elle ne peut pas vous accorder de prise en charge. Adressez le patient à un prestataire conventionné ou à son IPM.`,
    );
  const tariffRow = agreed?.fields ? agreed : national?.fields ? national : null;
  const tariff = Number(tariffRow?.fields?.montant);
  if (!tariffRow || !Number.isFinite(tariff))
    throw unmet(
      `Aucun tarif de l’acte ${actCode} n’est en vigueur au ${frenchDay(day)} (ni convenu avec l’IPM, ni national) : la prise en charge ne peut pas être chiffrée. Contactez l’IPM.`,
    );
  const tariffSource = tariffRow === agreed ? 'ipm-tarifs-convenus' : 'tarifs';
  const rate = Number(entry.rate ?? 0);
  const nationalCeiling = typeof national?.fields?.plafond === 'number' ? national.fields.plafond : null;
  const base = nationalCeiling === null ? tariff : Math.min(tariff, nationalCeiling);
  const coveredAmount = Math.floor((base * rate) / 100);
  return {
    providerCode: provider.code,
    providerName: provider.name,
    beneficiaryId: candidate.beneficiaryId,
    ipmId,
    actCode,
    actLabel: typeof act.fields.libelle === 'string' ? act.fields.libelle : actCode,
    plannedDate: day,
    tariff,
    tariffSource,
    rate,
    coveredAmount,
    medicalOpinionRequired: entry.medicalAdviserOpinionRequired === true,
    checks: {
      rights: {
        rule: 'rightsOn',
        date: rights.date,
        code: rights.code,
        ipmId: rights.ipmId,
        employerId: rights.employerId,
        used: rights.used,
      },
      versions: {
        prestataires: provider.versionId,
        actes: act.version?.id ?? null,
        panierDeSoins: entry.versionId,
        conventions: convention.version?.id ?? null,
        tarif: tariffRow.version?.id ?? null,
        tarifsNationaux: national?.version?.id ?? null,
      },
      tariffSource,
      nationalCeiling,
    },
  };
}
