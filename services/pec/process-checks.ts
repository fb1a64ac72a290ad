import type { ProcessChecks } from '../domain-services.ts';
import { SiamoError } from '../errors.ts';

// A PEC case opens only through `requestPec` (services/pec/request.ts), which runs the pre-checks and
// writes the request row the case points to: the generic opening (`startCase`, the portal's /nouveau)
// would skip them, so it is refused here, in French, with the way to go.

export const PEC_PROCESS_CHECKS: Readonly<Record<string, ProcessChecks>> = {
  pec: {
    start: async () => {
      throw new SiamoError(
        'non_autorise',
        'Une prise en charge se demande par le formulaire des prises en charge (requestPec), qui contrôle les droits, ' +
          'l’acte, la convention et le tarif : utilisez-le.',
      );
    },
  },
};
