import type { MessageContent, MessageData } from '../../mail/templates/layout.ts';

// The ladder's messages. Subjects name the case and the employer (a company), never a person; the
// amounts and dates come from the case's data, as the ladder copied them.

const fcfa = (n: unknown) =>
  `${new Intl.NumberFormat('fr-FR').format(Number(n ?? 0)).replace(/\u202f|\u00a0/g, ' ')} FCFA`;
const frenchDay = (d: unknown) => (typeof d === 'string' ? d.slice(0, 10).split('-').reverse().join('/') : '');

const debt = (data: MessageData) => {
  const c = data.facts.context;
  return {
    employeur: String(c.employeur ?? 'votre entreprise'),
    montant: fcfa(c.montantDu),
    periode: String(c.periode ?? ''),
    echeance: frenchDay(c.echeance),
  };
};

export const relanceCotisations = (data: MessageData): MessageContent => {
  const d = debt(data);
  return {
    subject: `Relance ${data.facts.businessKey.slice(0, 8)} : cotisations impayées de ${d.employeur}`,
    paragraphs: [
      `Les cotisations appelées auprès de ${d.employeur} restent impayées : ${d.montant} sont dus, le plus ancien appel ` +
        `(période ${d.periode}) étant échu depuis le ${d.echeance}.`,
    ],
    todo: ['Régler le montant dû auprès de l’IPM, en rappelant la référence de l’appel.'],
    summary: `Relance : ${d.montant} de cotisations impayées (${d.employeur}).`,
  };
};

export const miseEnDemeureCotisations = (data: MessageData): MessageContent => {
  const d = debt(data);
  return {
    subject: `Mise en demeure ${data.facts.businessKey.slice(0, 8)} : cotisations impayées de ${d.employeur}`,
    paragraphs: [
      `Malgré notre relance, ${d.montant} de cotisations restent dus par ${d.employeur}. Une mise en demeure de payer, ` +
        'numérotée, vous est adressée ; elle est jointe au dossier de relance de l’IPM.',
      'Faute de paiement, l’IPM signalera le défaut à l’ICAMO puis suspendra les droits de vos salariés et de leurs ayants droit.',
    ],
    todo: ['Régler sans délai le montant dû auprès de l’IPM.'],
    summary: `Mise en demeure : ${d.montant} de cotisations impayées (${d.employeur}).`,
  };
};

export const suspensionDroits = (data: MessageData): MessageContent => {
  const d = debt(data);
  return {
    subject: `Suspension des droits ${data.facts.businessKey.slice(0, 8)} : ${d.employeur}`,
    paragraphs: [
      `Faute de paiement des ${d.montant} de cotisations dus, les droits de vos salariés et de leurs ayants droit auprès ` +
        'de l’IPM sont suspendus à compter d’aujourd’hui.',
      'La suspension est levée à la date du paiement qui solde la dette.',
    ],
    todo: ['Régler le montant dû pour rétablir les droits de vos salariés.'],
    summary: `Droits suspendus : ${d.montant} de cotisations impayées (${d.employeur}).`,
  };
};

export const detteSoldee = (data: MessageData): MessageContent => {
  const d = debt(data);
  const paid = frenchDay(data.facts.context.datePaiement);
  return {
    subject: `Cotisations réglées ${data.facts.businessKey.slice(0, 8)} : ${d.employeur}`,
    paragraphs: [
      `Le paiement du ${paid} solde les cotisations échues de ${d.employeur} : les relances s’arrêtent, et les droits ` +
        'de vos salariés, s’ils étaient suspendus, sont rétablis à cette date.',
    ],
    todo: [],
    summary: `Cotisations réglées le ${paid} (${d.employeur}).`,
  };
};

/** To ICAMO's analysts: an employer the IPM could not collect from. */
export const signalementRecouvrement = (data: MessageData): MessageContent => {
  const d = debt(data);
  return {
    subject: `Dossier ${data.facts.businessKey} : défaut de paiement de ${d.employeur} signalé`,
    paragraphs: [
      `${data.facts.organisationName ?? 'Une IPM'} vous signale le défaut de paiement de ${d.employeur} : ${d.montant} de ` +
        `cotisations dus, le plus ancien appel (période ${d.periode}) échu depuis le ${d.echeance}, malgré relance et mise en demeure.`,
    ],
    todo: ['Examiner la situation de l’employeur avec l’IPM.'],
    summary: `Défaut de paiement signalé : ${d.employeur}, ${d.montant}.`,
  };
};

/** To the IPM's gérant: the employer's participants are suspended. */
export const suspensionRecouvrement = (data: MessageData): MessageContent => {
  const d = debt(data);
  return {
    subject: `Dossier ${data.facts.businessKey} : droits suspendus (${d.employeur})`,
    paragraphs: [
      `Les droits des participants de ${d.employeur} et de leurs ayants droit sont suspendus à compter d’aujourd’hui ` +
        `pour ${d.montant} de cotisations impayées.`,
    ],
    todo: [],
    summary: `Droits suspendus : ${d.employeur}.`,
  };
};
