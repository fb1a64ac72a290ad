import '../processes/domains.ts';
import { type DomainServices, registerDomainServices } from './domain-services.ts';
import { enrolmentServices } from './enrolment/services.ts';
import { licensingServices } from './licensing/services.ts';
import { pecServices } from './pec/services.ts';
import { quotePartsServices } from './quote-parts/services.ts';
import { recouvrementServices } from './recouvrement/services.ts';
import { referentialsServices } from './referentials/services.ts';

// The server halves of the product's domains (their pure halves: `processes/domains.ts`). A new
// domain adds its line here when it has effects or templates of its own; the portfolio has none.

export const DOMAIN_SERVICES: readonly DomainServices[] = [
  licensingServices,
  referentialsServices,
  enrolmentServices,
  recouvrementServices,
  quotePartsServices,
  pecServices,
];

for (const services of DOMAIN_SERVICES) registerDomainServices(services);
