import type { ActivityDependencies } from '../../activities/index.ts';
import { dakarDay, dakarYear } from '../../processes/calendar.ts';
import { loadCaseFacts } from '../case-facts.ts';
import { nextInSequence, officialNumber } from '../documents/numbering.ts';
import { DOCX_MIME_TYPE, renderDocx } from '../documents/render.ts';
import type { EffectImplementation } from '../domain-services.ts';
import { storeContent } from '../uploads/document-store.ts';
import { grantLetter, type LetterFacts, refusalLetter } from './letter-content.ts';
import { nextPecNumber } from './numbers.ts';

// The `lettre_pec` effect. On a grant it gives the PEC its number and validity window and writes the
// letter of grant, all in one transaction: the number is used by exactly that letter, or, rolled
// back, given back (gap-free). On a refusal it writes the letter with the reason. Once per (case,
// revision, position): a retried effect finds the document already made.

// Not kinds of the engine's `generer_document` (their words need the request's row, which a template
// cannot read): this effect writes them, under these titles.
const TITLES = {
  lettre_pec_accord: 'Lettre d’accord de prise en charge',
  lettre_pec_refus: 'Lettre de refus de prise en charge',
} as const;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const latestDay = (...days: string[]) => days.sort().at(-1) as string;

export const pecLetter: EffectImplementation = async (deps: ActivityDependencies, effect) => {
  const { prisma } = deps;
  const dataDir = deps.dataDir;
  if (!dataDir)
    throw new Error('Le dossier des données (dataDir) manque : la lettre de prise en charge ne peut être rangée.');
  const generationKey = `${effect.caseId}:${effect.revision}:${effect.index}`;
  if (await prisma.document.findUnique({ where: { generationKey } })) return;
  const request = await prisma.pecRequest.findUnique({ where: { caseId: effect.caseId } });
  if (!request) throw new Error(`Demande de prise en charge du dossier « ${effect.caseId} » introuvable.`);
  const facts = await loadCaseFacts(prisma, effect.caseId, effect.revision);
  const [provider, ipm] = await Promise.all([
    prisma.organisation.findUnique({ where: { id: request.providerOrganisationId }, select: { name: true } }),
    prisma.organisation.findUnique({ where: { id: request.ipmId }, select: { name: true } }),
  ]);
  const letterFacts: LetterFacts = {
    providerName: provider?.name ?? request.providerCode,
    providerCode: request.providerCode,
    ipmName: ipm?.name ?? 'L’IPM',
    actCode: request.actCode,
    actLabel: request.actLabel,
    plannedDate: dayOf(request.plannedDate),
    tariff: request.tariff,
    rate: request.rate,
    coveredAmount: request.coveredAmount,
    businessKey: facts.businessKey,
  };
  const grant = effect.params.issue === 'accord';
  const kind = grant ? 'lettre_pec_accord' : 'lettre_pec_refus';
  const date = new Date();
  const year = dakarYear(date);
  try {
    await prisma.$transaction(
      async (tx) => {
        let number: string;
        let content: ReturnType<typeof grantLetter>;
        if (grant) {
          number = request.number ?? (await nextPecNumber(tx, request.ipmId, year));
          const end = facts.context.finValidite;
          const today = dakarDay(facts.at);
          // Days as AAAA-MM-JJ sort as they fall: the later of the planned day and the grant's.
          const validFrom = latestDay(letterFacts.plannedDate, today);
          const validTo = latestDay(typeof end === 'string' ? dakarDay(new Date(end)) : validFrom, validFrom);
          await tx.pecRequest.update({
            where: { id: request.id },
            data: {
              number,
              validFrom: new Date(validFrom),
              validTo: new Date(validTo),
            },
          });
          const observations = typeof facts.context.observations === 'string' ? facts.context.observations : null;
          content = grantLetter(letterFacts, { number, validFrom, validTo, observations });
        } else {
          number = officialNumber(year, 'IPM/PEC', await nextInSequence(tx, kind, year));
          const reason = typeof facts.context.motifRefus === 'string' ? facts.context.motifRefus : 'non précisé';
          content = refusalLetter(letterFacts, reason);
        }
        const bytes = await renderDocx({ title: TITLES[kind], number, date, facts, content });
        const { sha256, size } = await storeContent(dataDir, bytes);
        await tx.document.create({
          data: {
            caseId: effect.caseId,
            name: `${kind.replaceAll('_', '-')}-${number.replaceAll('/', '-')}.docx`,
            mimeType: DOCX_MIME_TYPE,
            size,
            sha256,
            kind,
            number,
            generationKey,
          },
        });
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
  } catch (error) {
    // Another attempt made it first: its letter stands, our number went back with the rollback.
    if (
      (error as { code?: string }).code === 'P2002' &&
      (await prisma.document.findUnique({ where: { generationKey } }))
    )
      return;
    throw error;
  }
};
