import { defineDomain } from '../domain.ts';

// The national referentials (acts, medicines, tariffs, administrative division...), each owned by an
// authority, versioned, approved and brought into force on a date; every computation reads them as of
// its business date. Its services are `services/referentials/`, its tables `Referential*` in
// prisma/schema.prisma. The catalogue of referentials is `catalogue.ts`.

export const referentials = defineDomain({
  id: 'referentials',
  title: 'Référentiels nationaux',
  definitions: [],
});
