import type { JsonValue } from '../../../processes/model.ts';
import { type ComputationArgs, registerDomainServices } from '../../../services/domain-services.ts';
import type { EffectRequest } from '../../../workflows/types.ts';
import './rules.ts';

// The test domain's server half: the activity of its effect, which keeps what it was asked to record,
// and its computation, which reads the tariffs table its test creates (`DEMO_TARIFFS_TABLE`).

/** The referential the computation reads: (acte, debut, fin, montant, version), fin null while in force. */
export const DEMO_TARIFFS_TABLE = 'demo_tarif';

/**
 * A referential that does not answer, for the outage test: while `failuresLeft` is above zero, each
 * call fails as a lost connection would (a stand-in: the referential is this process's own table).
 */
export const DEMO_REFERENTIAL_OUTAGE = { failuresLeft: 0, calls: 0 };

const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

/** A field's value after the event: its input wins over the case's data. */
const valueAfter = (args: ComputationArgs, field: JsonValue | undefined) => {
  const name = String(field);
  return Object.hasOwn(args.input, name) ? args.input[name] : args.context[name];
};

export const DEMO_LOG: { caseId: string; revision: number; note: string }[] = [];

registerDomainServices({
  id: 'demo',
  effects: {
    consigner_demo: async (_deps, effect: EffectRequest) => {
      if (DEMO_LOG.some((e) => e.caseId === effect.caseId && e.revision === effect.revision)) return;
      DEMO_LOG.push({ caseId: effect.caseId, revision: effect.revision, note: String(effect.params.note) });
    },
  },
  computations: {
    tarifEnVigueurDemo: async ({ prisma }, args) => {
      DEMO_REFERENTIAL_OUTAGE.calls++;
      if (DEMO_REFERENTIAL_OUTAGE.failuresLeft > 0) {
        DEMO_REFERENTIAL_OUTAGE.failuresLeft--;
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
      }
      const acte = String(valueAfter(args, args.params.acte));
      const date = String(valueAfter(args, args.params.date));
      const rows = await prisma.$queryRawUnsafe<{ montant: number; version: number }[]>(
        `SELECT montant, version FROM ${DEMO_TARIFFS_TABLE}
          WHERE acte = $1 AND debut <= $2::date AND (fin IS NULL OR fin >= $2::date)
          ORDER BY debut DESC LIMIT 1`,
        acte,
        date,
      );
      const row = rows[0];
      if (!row) {
        return {
          refusal:
            `aucun tarif de l’acte « ${acte} » n’est en vigueur le ${frenchDate(date)}. ` +
            'Vérifiez la date des soins, ou faites publier le tarif de cette date avant de recommencer.',
        };
      }
      return {
        value: Number(row.montant),
        source: { referential: DEMO_TARIFFS_TABLE, version: Number(row.version), asOf: date },
      };
    },
  },
});
