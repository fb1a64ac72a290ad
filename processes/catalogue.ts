import { ALL_CALCULATIONS } from './calculations.ts';
import { ALL_COMPUTATIONS } from './computations.ts';
import type { DomainModule } from './domain.ts';
import { ALL_EFFECTS, DOCUMENT_KINDS, NOTIFICATION_KINDS, NUMBER_SEQUENCES } from './effects.ts';
import { ALL_GUARDS } from './guards.ts';
import type { ProcessDefinition } from './model.ts';
import { ALL_RECORD_KINDS, recordKindProblem } from './records.ts';
import { ROLES } from './roles.ts';

// The catalogues the engine looks names up in — guards, calculations, effects, kinds of message and
// document, number sequences — and the deployed definitions, made of the engine's own entries and
// those of every registered domain. A domain registers once, when its module is first imported
// (`processes/domains.ts` for the product's; a test registers its own): module state, the same in the
// workflow bundle and on the server, never changed afterwards.

const definitions: ProcessDefinition[] = [];
const registered: DomainModule[] = [];

/** Every definition version Siamo deploys, of every registered domain. */
export const REGISTERED_DEFINITIONS: readonly ProcessDefinition[] = definitions;

/** The registered domains, in order of registration. */
export const registeredDomains = (): readonly DomainModule[] => registered;

/** Adds `entries` to `catalogue`, refusing a name another domain (or the engine) already gave. */
export function addEntries<T>(
  what: string,
  domain: string,
  catalogue: Record<string, T>,
  entries: Readonly<Record<string, T>> = {},
) {
  for (const [name, entry] of Object.entries(entries)) {
    if (Object.hasOwn(catalogue, name) && catalogue[name] !== entry)
      throw new Error(`Le domaine « ${domain} » redéfinit ${what} « ${name} », déjà défini : choisissez un autre nom.`);
    catalogue[name] = entry;
  }
}

/** Registers a domain: its definitions are deployed, its rules and kinds join the catalogues. Idempotent. */
export function registerDomain(domain: DomainModule): void {
  if (registered.includes(domain)) return;
  const other = registered.find((d) => d.id === domain.id);
  if (other) throw new Error(`Deux domaines portent le même identifiant « ${domain.id} ».`);
  for (const role of Object.keys(domain.roles ?? {}))
    if (!/^[a-z][a-z0-9_]{1,40}$/.test(role))
      throw new Error(
        `Le domaine « ${domain.id} » déclare un rôle au nom invalide « ${role} » (minuscules, chiffres, _).`,
      );
  for (const [name, kind] of Object.entries(domain.records ?? {})) {
    const problem = recordKindProblem(name, kind);
    if (problem) throw new Error(`Le domaine « ${domain.id} » déclare ${problem}.`);
  }
  addEntries('le rôle', domain.id, ROLES as Record<string, string>, domain.roles);
  addEntries('la condition', domain.id, ALL_GUARDS, domain.guards);
  addEntries('le calcul', domain.id, ALL_CALCULATIONS, domain.calculations);
  addEntries('l’effet', domain.id, ALL_EFFECTS, domain.effects);
  addEntries('la donnée calculée', domain.id, ALL_COMPUTATIONS, domain.computations);
  addEntries('le modèle de message', domain.id, NOTIFICATION_KINDS, domain.notificationKinds);
  addEntries('le modèle de document', domain.id, DOCUMENT_KINDS, domain.documentKinds);
  addEntries('la séquence de numéros', domain.id, NUMBER_SEQUENCES, domain.numberSequences);
  addEntries('l’enregistrement', domain.id, ALL_RECORD_KINDS, domain.records);
  for (const definition of domain.definitions) {
    if (definitions.some((d) => d.id === definition.id && d.version === definition.version))
      throw new Error(
        `Le processus « ${definition.id} » version ${definition.version} est déjà déclaré par un autre domaine.`,
      );
    definitions.push(definition);
  }
  registered.push(domain);
}
