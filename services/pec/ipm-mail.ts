import { frenchDateTime } from '../../processes/calendar.ts';
import type { MailTemplate } from '../domain-services.ts';
import { deadlineLine } from '../mail/templates/layout.ts';

// The IPM's messages about a request made to it. They name the request by its reference only: never
// the member, the card number nor the act, which the IPM reads on its own page once signed in.

/** A request now waits for the IPM's decision, or for its medical adviser's opinion. */
export const pecADecider: MailTemplate = (data) => ({
  subject: `Demande de prise en charge ${data.facts.businessKey} : décision attendue`,
  paragraphs: [
    `Le ${frenchDateTime(data.facts.at)}, un prestataire a demandé une prise en charge à votre IPM ` +
      `(référence ${data.facts.businessKey}). Elle est à l’étape « ${data.facts.stateLabel} » et attend votre réponse.`,
  ],
  todo: ['Ouvrir la demande dans Siamo, avec votre compte, et l’accorder, la refuser ou donner l’avis demandé.'],
  deadline: deadlineLine(data.dueAt),
  summary: `Demande de prise en charge ${data.facts.businessKey} : décision attendue.`,
});

/** The request still waits after the step's duration: one reminder. */
export const pecEnRetard: MailTemplate = (data) => ({
  subject: `Demande de prise en charge ${data.facts.businessKey} : réponse en retard`,
  paragraphs: [
    `La demande de prise en charge ${data.facts.businessKey}, faite à votre IPM par un prestataire, attend ` +
      `toujours à l’étape « ${data.facts.stateLabel} » : le délai prévu est dépassé. Le prestataire et son patient attendent votre réponse.`,
  ],
  todo: ['Ouvrir la demande dans Siamo, avec votre compte, et y répondre sans attendre.'],
  summary: `Demande de prise en charge ${data.facts.businessKey} : réponse en retard.`,
});
