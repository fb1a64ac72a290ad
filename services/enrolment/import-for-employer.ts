import { frenchDay } from '../../processes/calendar.ts';
import { EMPLOYER_STATUSES, type EmployerStatus, ENROLLING_STATUSES } from '../../processes/enrolment/records.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import type { DataKeys } from '../personal-data/data-keys.ts';
import type { Viewer } from '../viewer.ts';
import { openDuplicate } from './duplicates.ts';
import { employerFor } from './employer-access.ts';
import type { IdentityRegister } from './identity/identity-register.ts';
import { importWorkforce, type WorkforceImportReport } from './import-workforce.ts';
import { prismaImportPool } from './prisma-pool.ts';
import { rightsSettingsOf } from './rights-at.ts';

// A workforce file imported through the API: by the employer for itself, or by its IPM's agent. The
// file goes in all or nothing (./import-workforce.ts), except the lines whose NIN is active at
// another IPM: those are set aside and each opens its `doublon` case between the two IPMs, ICAMO
// arbitrating (./duplicates.ts) — the enrolment waits there and is written if ICAMO transfers. The
// cases open after the import's commit: a failure in between is mended by importing the file again
// (the same lines are set aside again, and a conflict still open gives back its case).

export interface AwaitingArbitration {
  line: number;
  caseId: string;
  /** In French: why the line waits, and what comes next. */
  reason: string;
  dependantLines: number[];
}

export type EmployerImportReport = Omit<WorkforceImportReport, 'setAside'> & {
  employerId: string;
  awaitingArbitration: AwaitingArbitration[];
};

export async function importForEmployer(
  ctx: CaseServiceContext,
  viewer: Viewer,
  keys: DataKeys | undefined,
  request: { employerId: string; bytes: Uint8Array },
  /** The identity register each participant is checked against; none: not checked. */
  identity?: IdentityRegister,
): Promise<EmployerImportReport> {
  const access = await employerFor(ctx.prisma, viewer, request.employerId, ['employeur', 'agent_ipm']);
  if (!access)
    throw new SiamoError(
      'introuvable',
      'Employeur introuvable : choisissez votre entreprise, ou une entreprise adhérente de votre IPM.',
    );
  const { employer } = access;
  if (!ENROLLING_STATUSES.includes(employer.status as EmployerStatus))
    throw new SiamoError(
      'condition_non_remplie',
      `L’adhésion de l’entreprise n’est pas active (« ${EMPLOYER_STATUSES[employer.status as EmployerStatus] ?? employer.status} ») : ` +
        'son personnel s’importe une fois le contrat d’adhésion approuvé.',
    );
  if (!keys)
    throw new SiamoError(
      'enregistrement_impossible',
      'Les clés de protection des NIN ne sont pas configurées : contactez l’administrateur.',
    );
  const { setAside, ...report } = await importWorkforce(prismaImportPool(ctx.prisma), {
    ipmId: employer.ipmId,
    employerId: employer.id,
    bytes: request.bytes,
    keys,
    settings: rightsSettingsOf(ctx.settingOverrides),
    setAsideOtherIpm: true,
    ...(identity ? { identity } : {}),
  });
  const awaitingArbitration: AwaitingArbitration[] = [];
  // One after the other: each opening waits for its case's projection, and files rarely hold many.
  for (const aside of setAside) {
    const p = aside.participant;
    const opened = await openDuplicate(ctx, keys, {
      secondIpmId: employer.ipmId,
      secondEmployerId: employer.id,
      identifier: p.identifier,
      matricule: p.matricule,
      lastName: p.lastName,
      firstNames: p.firstNames,
      birthDate: p.birthDate,
      sex: p.sex,
      salary: p.salary,
      hireDate: p.hireDate,
    });
    if (!opened) continue; // Its other affiliation ended in between: the next import writes it.
    awaitingArbitration.push({
      line: aside.line,
      caseId: opened.caseId,
      reason:
        `Déjà affilié(e) à une autre IPM depuis le ${frenchDay(aside.since)} : la ligne n’est pas importée, un dossier ` +
        'de doublon est ouvert entre les deux IPM et l’ICAMO arbitre ; si elle transfère la personne, elle est ' +
        'inscrite à l’IPM de l’entreprise. Importez ensuite le fichier à nouveau pour ses ayants droit.',
      dependantLines: aside.dependantLines,
    });
  }
  return { ...report, employerId: employer.id, awaitingArbitration };
}
