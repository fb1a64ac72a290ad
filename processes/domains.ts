import { registerDomain } from './catalogue.ts';
import { controle } from './controle/domain.ts';
import { enrolment } from './enrolment/domain.ts';
import { licensing } from './licensing/domain.ts';
import { pec } from './pec/domain.ts';
import { portfolio } from './portfolio/domain.ts';
import { quoteParts } from './quote-parts/domain.ts';
import { recouvrement } from './recouvrement/domain.ts';
import { referentials } from './referentials/domain.ts';

// The product's domains, in one list: their definitions are deployed, their rules join the engine's
// catalogues, their rights the permissions table, their entries the portal's menu and board. Adding a
// domain is adding its line here (and, for its server half, in `services/domains.ts`). Pure: the
// workflow bundle imports this file, so the guards and calculations of every domain are in it.

export const DOMAINS = [
  licensing,
  portfolio,
  referentials,
  enrolment,
  recouvrement,
  quoteParts,
  controle,
  pec,
] as const;

for (const domain of DOMAINS) registerDomain(domain);
