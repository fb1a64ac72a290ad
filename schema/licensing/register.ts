import {
  listRegister,
  REGISTER_STATUSES,
  type RegisterEntry,
  registerEntry,
} from '../../services/licensing/register.ts';
import { builder } from '../builder.ts';
import { NotFoundError } from '../errors.ts';

// The public register of licensed IPMs: the one part of the API open to anyone, signed in or not
// (PUBLIC_OPERATIONS). It shows what a published register shows, nothing of the files behind it.

const RegisterStatusEnum = builder.enumType('RegisterStatus', {
  description: 'The status of a licence in the register.',
  values: Object.fromEntries(
    Object.entries(REGISTER_STATUSES).map(([value, label]) => [value, { value, description: label }]),
  ) as Record<keyof typeof REGISTER_STATUSES, { value: keyof typeof REGISTER_STATUSES; description: string }>,
});

const RegisterEventRef = builder.objectRef<RegisterEntry['history'][number]>('RegisterEvent').implement({
  description: 'A dated step in the life of a licence: granted, renewed, suspended, withdrawn, expired…',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    label: t.exposeString('label'),
  }),
});

const RegisterEntryRef = builder.objectRef<RegisterEntry>('RegisterEntry').implement({
  description: 'A licensed IPM (agrément) as the public register shows it.',
  fields: (t) => ({
    numero: t.exposeString('numero', { description: 'The licence number, e.g. AGR-2026-0001.' }),
    denomination: t.exposeString('denomination'),
    sigle: t.exposeString('sigle', { nullable: true }),
    typeIpm: t.exposeString('typeIpm', { nullable: true }),
    typeIpmLabel: t.exposeString('typeIpmLabel', { nullable: true }),
    adresseSiege: t.exposeString('adresseSiege', { nullable: true }),
    status: t.field({ type: RegisterStatusEnum, resolve: (entry) => entry.status }),
    statusLabel: t.exposeString('statusLabel'),
    debutValidite: t.exposeString('debutValidite', { nullable: true, description: 'ISO 8601.' }),
    finValidite: t.exposeString('finValidite', { nullable: true, description: 'ISO 8601.' }),
    finSuspension: t.exposeString('finSuspension', {
      nullable: true,
      description: 'While suspended until a date: that last day (YYYY-MM-DD).',
    }),
    history: t.field({ type: [RegisterEventRef], resolve: (entry) => entry.history }),
  }),
});

builder.queryField('register', (t) =>
  t.field({
    type: [RegisterEntryRef],
    description:
      'The public register of licensed IPMs, by name; open to anyone. Narrow it by status, or by a part of a ' +
      'name, acronym or licence number.',
    args: {
      status: t.arg({ type: RegisterStatusEnum }),
      text: t.arg.string({ description: 'At most 100 characters are read.' }),
    },
    resolve: (_root, args, ctx) => listRegister(ctx.prisma, { status: args.status, text: args.text?.slice(0, 100) }),
  }),
);

builder.queryField('registerEntry', (t) =>
  t.field({
    type: RegisterEntryRef,
    description: 'One licence of the public register, by its number; open to anyone.',
    args: { numero: t.arg.string({ required: true }) },
    errors: { types: [NotFoundError], directResult: true },
    resolve: async (_root, { numero }, ctx) => {
      const entry = await registerEntry(ctx.prisma, numero);
      if (!entry) throw new NotFoundError(`Aucun agrément ne porte le numéro « ${numero.slice(0, 40)} ».`);
      return entry;
    },
  }),
);
