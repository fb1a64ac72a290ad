// Dependants (ayants droit) declared one by one by the IPM holding their participant: the eligibility
// rules of the settings refuse an ineligible one, naming the rule, and nothing is written.
import { addDependant, type DeclaredDependant } from '../../services/enrolment/add-dependant.ts';
import { beneficiaryIpm, prismaTransaction } from '../../services/enrolment/beneficiary-ipm.ts';
import { eligibilitySettingsOf } from '../../services/enrolment/rights-at.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, NotAllowedError, NotFoundError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const DependantRef = builder.objectRef<DeclaredDependant>('DeclaredDependant').implement({
  description: 'A dependant written in the register, with its rank and its member card number.',
  fields: (t) => ({
    id: t.exposeID('id'),
    participantId: t.exposeID('participantId'),
    rank: t.exposeInt('rank'),
    kind: t.exposeString('kind', { description: 'conjoint or enfant.' }),
    cardNumber: t.exposeString('cardNumber'),
  }),
});

builder.mutationField('addDependant', (t) =>
  t.field({
    type: DependantRef,
    description:
      'Declares a dependant (spouse or child) of a participant of your IPM. An ineligible one — over the age ' +
      'limit, a spouse beyond the allowed number, a piece missing — is refused with the rule that refuses it.',
    args: {
      participantId: t.arg.id({ required: true }),
      kind: t.arg.string({ required: true, description: 'conjoint or enfant.' }),
      lastName: t.arg.string({ required: true }),
      firstNames: t.arg.string({ required: true }),
      birthDate: t.arg.string({ required: true, description: 'AAAA-MM-JJ.' }),
      studentCertificateUntil: t.arg.string({ description: 'AAAA-MM-JJ: last day of a school certificate.' }),
      pieces: t.arg.stringList({
        required: true,
        description: 'Kinds of piece received: acte_mariage, acte_naissance, certificat_scolarite…',
      }),
    },
    errors: { types: [...GATE_ERRORS, InvalidInputError, NotAllowedError, NotFoundError], directResult: true },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'addDependant');
      const participantId = String(args.participantId);
      // Another IPM's participant is answered as nobody: the register is the IPM's own.
      if ((await beneficiaryIpm(ctx.prisma, participantId)) !== viewer.organisationId)
        throw new NotFoundError('Participant introuvable dans votre IPM : vérifiez son identifiant.');
      return addDependant(
        prismaTransaction(ctx.prisma),
        viewer.organisationId,
        {
          participantId,
          kind: args.kind as 'conjoint' | 'enfant',
          lastName: args.lastName,
          firstNames: args.firstNames,
          birthDate: args.birthDate,
          studentCertificateUntil: args.studentCertificateUntil ?? null,
          pieces: args.pieces,
        },
        { settings: eligibilitySettingsOf(ctx.services.cases.settingOverrides) },
      ).catch((error) => toApiError(error));
    },
  }),
);
