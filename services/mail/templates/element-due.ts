import { frenchDate } from '../../../processes/calendar.ts';
import { caseName, type MessageContent, type MessageData } from './layout.ts';

// Messages about one thing a case must deliver by a day — a project's milestone, its monthly progress
// report — rather than about its current step: before the day, once it has passed, and to the
// manager when it still has not been done.

/** « 5 décembre 2026 », or « la date prévue » when the engine gave none. */
const dayOf = (data: MessageData): string =>
  data.subject ? frenchDate(new Date(`${data.subject.day}T12:00:00Z`)) : 'la date prévue';

const what = (data: MessageData): string => data.subject?.label ?? 'Une échéance du dossier';

/** Warned before the day. */
export function echeanceElement(data: MessageData): MessageContent {
  const { facts } = data;
  return {
    subject: `Dossier ${facts.businessKey} : ${what(data)}, échéance le ${dayOf(data)}`,
    paragraphs: [`${what(data)} : échéance le ${dayOf(data)} dans le ${caseName(facts)}.`],
    todo: ['Mettre le dossier à jour avant l’échéance : ce qui est attendu, ou une nouvelle échéance.'],
    deadline: `À faire au plus tard le ${dayOf(data)}.`,
    summary: `${what(data)} : échéance le ${dayOf(data)}.`,
  };
}

/** Reminded once the day has passed. */
export function retardElement(data: MessageData): MessageContent {
  const { facts } = data;
  return {
    subject: `Dossier ${facts.businessKey} : ${what(data)} en retard (échéance du ${dayOf(data)})`,
    paragraphs: [
      `${what(data)} du ${caseName(facts)} était attendu pour le ${dayOf(data)}, et le dossier ne le montre pas. ` +
        'Sans suite de votre part, le retard sera signalé à votre responsable.',
    ],
    todo: ['Mettre le dossier à jour dès que possible : ce qui était attendu, ou une nouvelle échéance.'],
    summary: `${what(data)} en retard depuis le ${dayOf(data)}.`,
  };
}

/** The manager is told that it is still not done, despite the reminder. */
export function escaladeElement(data: MessageData): MessageContent {
  const { facts } = data;
  return {
    subject: `Dossier ${facts.businessKey} : retard signalé — ${what(data)}`,
    paragraphs: [
      `${what(data)} du ${caseName(facts)} était attendu pour le ${dayOf(data)} et ne l’est toujours pas, ` +
        'malgré un rappel à la personne en charge.',
    ],
    todo: ['Relancer la personne en charge, ou réattribuer le dossier.'],
    summary: `${what(data)} en retard depuis le ${dayOf(data)}, signalé à vous en tant que responsable.`,
  };
}
