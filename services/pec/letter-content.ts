import { frenchDay } from '../../processes/calendar.ts';
import type { DocumentContent } from '../documents/templates/types.ts';

// The words of the letters to the provider: the grant, with its number, validity window and amount
// covered, or the refusal with its reason. The patient is named by nothing but the request: the
// provider holds the file, and a letter travels.

export interface LetterFacts {
  providerName: string;
  providerCode: string;
  ipmName: string;
  actCode: string;
  actLabel: string;
  plannedDate: string;
  tariff: number;
  rate: number;
  coveredAmount: number;
  businessKey: string;
}

const fcfa = (n: number) => `${new Intl.NumberFormat('fr-FR').format(n)} FCFA`;

export function grantLetter(
  facts: LetterFacts,
  grant: { number: string; validFrom: string; validTo: string; observations: string | null },
): DocumentContent {
  return {
    object: `Accord de prise en charge n° ${grant.number} — demande ${facts.businessKey}`,
    addressee: [facts.providerName, `Prestataire ${facts.providerCode}`],
    body: [
      'Madame, Monsieur,',
      `${facts.ipmName} accorde sa prise en charge pour l’acte ${facts.actCode} (${facts.actLabel}), prévu le ` +
        `${frenchDay(facts.plannedDate)} dans votre établissement, au titre de la demande ${facts.businessKey}.`,
      { text: `Numéro de prise en charge : ${grant.number}`, bold: true },
      `Validité : du ${frenchDay(grant.validFrom)} au ${frenchDay(grant.validTo)} inclus.`,
      `Tarif en vigueur : ${fcfa(facts.tariff)} ; taux de prise en charge : ${facts.rate} % ; ` +
        `montant pris en charge : ${fcfa(facts.coveredAmount)}. Le reste est à la charge de l’assuré.`,
      ...(grant.observations ? [`Observations : ${grant.observations}`] : []),
      'Reportez ce numéro sur la feuille de soins : elle consommera cette prise en charge. Passé sa validité, ' +
        'une nouvelle demande est nécessaire.',
      'Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
    ],
    signatory: { title: `Pour ${facts.ipmName}` },
  };
}

export function refusalLetter(facts: LetterFacts, reason: string): DocumentContent {
  return {
    object: `Refus de prise en charge — demande ${facts.businessKey}`,
    addressee: [facts.providerName, `Prestataire ${facts.providerCode}`],
    body: [
      'Madame, Monsieur,',
      `${facts.ipmName} ne peut pas accorder sa prise en charge pour l’acte ${facts.actCode} (${facts.actLabel}), ` +
        `prévu le ${frenchDay(facts.plannedDate)} dans votre établissement, au titre de la demande ${facts.businessKey}.`,
      { text: `Motif : ${reason}`, bold: true },
      'Si l’acte est réalisé, il reste à la charge de l’assuré, sauf nouvelle demande accordée.',
      'Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
    ],
    signatory: { title: `Pour ${facts.ipmName}` },
  };
}
