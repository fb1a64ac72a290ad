import { defineDomain } from '../domain.ts';
import agrementV1 from './agrement/v1.ts';
import agrementV2 from './agrement/v2.ts';
import agrementV3 from './agrement/v3.ts';
import agrementV4 from './agrement/v4.ts';
import licenceV1 from './licence/v1.ts';
import renouvellementV1 from './renouvellement/v1.ts';

// Licensing: an IPM's licence application, the licence in force, its renewals, and the public
// register of licensed IPMs. Its server half is `services/licensing/services.ts`, its API
// `schema/licensing/`, its pages `ui/src/routes/(licensing)/`.

export const licensing = defineDomain({
  id: 'licensing',
  title: 'Agrément des IPM',
  definitions: [agrementV1, agrementV2, agrementV3, agrementV4, licenceV1, renouvellementV1],
  notificationKinds: { licence_expire: 'Un agrément arrive à expiration' },
  documentKinds: {
    demande_complements: 'Demande de compléments',
    decision_agrement: 'Décision d’agrément',
    lettre_refus: 'Lettre de refus d’agrément',
    decision_renouvellement: 'Décision de renouvellement d’agrément',
    refus_renouvellement: 'Lettre de refus de renouvellement',
    decision_suspension: 'Décision de suspension d’agrément',
    decision_retrait: 'Décision de retrait d’agrément',
  },
  numberSequences: { agrement: 'AGR' },
  // The public register of licensed IPMs, open without signing in.
  publicOperations: ['register', 'registerEntry'],
  menu: [{ href: '/registre', label: 'Registre des IPM', publicLabel: 'Registre des IPM agréées', position: 20 }],
  // The processes of a licence's life, which the ministry steers from the board, in the order of that life.
  board: ['agrement', 'renouvellement', 'licence'],
});
