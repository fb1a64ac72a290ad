// The provider's account with each IPM it is conventioned with on a day (services/pec/provider-accounts.ts):
// its own organisation's only, so the role is the whole gate — nothing here names another provider.

import {
  type PecStateCount,
  type ProviderAccount,
  type ProviderAccounts,
  providerAccounts,
} from '../../services/pec/provider-accounts.ts';
import { authorize } from '../authorize.ts';
import { builder } from '../builder.ts';
import { InvalidInputError, toApiError } from '../errors.ts';
import { GATE_ERRORS } from '../types/errors.ts';

const PecStateCountRef = builder.objectRef<PecStateCount>('PecStateCount').implement({
  fields: (t) => ({
    state: t.exposeString('state'),
    label: t.exposeString('label'),
    count: t.exposeInt('count'),
  }),
});

const ReferentialVersionReadRef = builder
  .objectRef<ProviderAccount['conventionVersion']>('ProviderAccountConventionVersion')
  .implement({
    description: 'The version of the IPM’s referential of conventioned providers the convention was read in.',
    fields: (t) => ({
      id: t.exposeID('id'),
      number: t.exposeInt('number'),
      title: t.exposeString('title'),
    }),
  });

const ProviderAccountRef = builder.objectRef<ProviderAccount>('ProviderAccount').implement({
  description:
    'The provider’s account with one IPM: the convention in force on the day, its checks of the IPM’s members, its ' +
    'PEC requests by state (their state now), and what the IPM has engaged (PECs granted, still valid on the day).',
  fields: (t) => ({
    ipmId: t.exposeID('ipmId'),
    ipmName: t.exposeString('ipmName'),
    conventionNumber: t.exposeString('conventionNumber', { nullable: true }),
    conventionDate: t.exposeString('conventionDate', { nullable: true }),
    thirdPartyPayment: t.exposeBoolean('thirdPartyPayment', { nullable: true, description: 'Tiers payant.' }),
    conventionFrom: t.exposeString('conventionFrom'),
    conventionTo: t.exposeString('conventionTo', { nullable: true, description: 'Excluded; null when open.' }),
    conventionVersion: t.field({ type: ReferentialVersionReadRef, resolve: (a) => a.conventionVersion }),
    checks: t.exposeInt('checks', { description: 'Rights checks of the IPM’s members, up to the day.' }),
    checksCovered: t.exposeInt('checksCovered'),
    pecTotal: t.exposeInt('pecTotal', { description: 'PEC requests made to the IPM, up to the day.' }),
    pecByState: t.field({ type: [PecStateCountRef], resolve: (a) => a.pecByState }),
    engagedAmount: t.exposeFloat('engagedAmount', { description: 'FCFA.' }),
    engagedCount: t.exposeInt('engagedCount'),
  }),
});

const ProviderAccountsRef = builder.objectRef<ProviderAccounts>('ProviderAccounts').implement({
  fields: (t) => ({
    date: t.exposeString('date'),
    providerCode: t.exposeString('providerCode', {
      nullable: true,
      description: 'Null when the organisation is bound to no code of the providers referential.',
    }),
    accounts: t.field({ type: [ProviderAccountRef], resolve: (a) => a.accounts }),
    claimsNote: t.exposeString('claimsNote', {
      description: 'Claims and payments come with the invoices: this says so in French.',
    }),
  }),
});

builder.queryField('providerAccounts', (t) =>
  t.field({
    type: ProviderAccountsRef,
    description:
      'A provider’s agent: its account with each IPM it is conventioned with on `date` (today by default), the ' +
      'convention read in the version of the IPM’s referential in force that day.',
    args: { date: t.arg.string({ description: 'AAAA-MM-JJ; today (Dakar) when absent.' }) },
    errors: { types: [...GATE_ERRORS, InvalidInputError] },
    resolve: async (_root, args, ctx) => {
      const viewer = authorize(ctx, 'providerAccounts');
      return providerAccounts(ctx.prisma, viewer.organisationId, { date: args.date }).catch((error) =>
        toApiError(error),
      );
    },
  }),
);
