import type { MessageContent, MessageData } from '../../mail/templates/layout.ts';

// The member's ladder's messages. Subjects name the case by its key's start, never a person; the body
// may name the worker (read for the mail, never held by the case) but never the care. Amounts and
// dates come from the case's data, as the ladder copied them.

const fcfa = (n: unknown) =>
  `${new Intl.NumberFormat('fr-FR').format(Number(n ?? 0)).replace(/\u202f|\u00a0/g, ' ')} FCFA`;
const frenchDay = (d: unknown) => (typeof d === 'string' ? d.slice(0, 10).split('-').reverse().join('/') : '');

const debt = (data: MessageData) => {
  const c = data.facts.context;
  return {
    ref: data.facts.businessKey.slice(0, 8),
    assure: String(c.assure ?? 'l’assuré'),
    matricule: String(c.matricule ?? ''),
    montant: fcfa(c.montantDu),
    echeance: frenchDay(c.echeance),
    // Written to the employer's people because the member has no address of their own.
    relais: c.pourEmployeur === true,
  };
};

const relayLine = (d: ReturnType<typeof debt>) =>
  d.relais
    ? [
        `Ce message s’adresse à ${d.assure} (matricule ${d.matricule}), votre salarié, dont l’IPM ne connaît pas l’adresse : ` +
          'merci de le lui transmettre.',
      ]
    : [];

export const rappelQuoteParts = (data: MessageData): MessageContent => {
  const d = debt(data);
  return {
    subject: `Rappel ${d.ref} : sommes dues à votre IPM`,
    paragraphs: [
      ...relayLine(d),
      `${d.montant} restent dus à votre IPM (quote-parts ou avances sur soins), la plus ancienne somme étant échue ` +
        `depuis le ${d.echeance}.`,
      'Sans paiement, l’IPM demandera une retenue sur salaire à votre employeur, puis suspendra vos droits et ceux de vos ' +
        'ayants droit.',
    ],
    todo: ['Régler le montant dû auprès de votre IPM (espèces, virement ou mobile money).'],
    summary: `Rappel : ${d.montant} dus à l’IPM.`,
  };
};

export const suspensionQuoteParts = (data: MessageData): MessageContent => {
  const d = debt(data);
  return {
    subject: `Suspension des droits ${d.ref} : sommes impayées`,
    paragraphs: [
      ...relayLine(d),
      `Faute de paiement des ${d.montant} dus à votre IPM, vos droits et ceux de vos ayants droit sont suspendus à ` +
        'compter d’aujourd’hui.',
      'La suspension est levée à la date du paiement qui solde la dette.',
    ],
    todo: ['Régler le montant dû pour rétablir vos droits.'],
    summary: `Droits suspendus : ${d.montant} impayés.`,
  };
};

export const quotePartsReglees = (data: MessageData): MessageContent => {
  const d = debt(data);
  const paid = frenchDay(data.facts.context.datePaiement);
  return {
    subject: `Sommes dues réglées ${d.ref} : fin des relances`,
    paragraphs: [
      ...relayLine(d),
      `Le paiement du ${paid} solde les sommes échues dues à votre IPM : les relances s’arrêtent, et vos droits, s’ils ` +
        'étaient suspendus, sont rétablis à cette date.',
    ],
    todo: [],
    summary: `Sommes dues réglées le ${paid}.`,
  };
};

/** To the employer's people: deduct the debt from the worker's salary. */
export const retenueSalaireQuoteParts = (data: MessageData): MessageContent => {
  const d = debt(data);
  return {
    subject: `Demande de retenue sur salaire ${d.ref}`,
    paragraphs: [
      `Votre salarié ${d.assure} (matricule ${d.matricule}) doit ${d.montant} à l’IPM, la plus ancienne somme étant ` +
        `échue depuis le ${d.echeance}, malgré un rappel.`,
      'L’IPM vous demande de retenir ce montant sur son salaire et de le lui reverser, en rappelant la référence ' +
        `${d.ref} ; sans paiement, ses droits et ceux de ses ayants droit seront suspendus.`,
    ],
    todo: ['Retenir le montant dû sur le prochain salaire et le reverser à l’IPM.'],
    summary: `Retenue sur salaire demandée : ${d.montant} (matricule ${d.matricule}).`,
  };
};
