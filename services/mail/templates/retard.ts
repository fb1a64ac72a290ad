import { frenchDateTime } from '../../../processes/calendar.ts';
import { caseName, type MessageContent, type MessageData } from './layout.ts';

/** The step the recipient is in charge of has passed its service level. */
export function retard(data: MessageData): MessageContent {
  const { facts } = data;
  return {
    subject: `Dossier ${facts.businessKey} : l’étape « ${facts.stateLabel} » est en retard`,
    paragraphs: [
      `L’étape « ${facts.stateLabel} » du ${caseName(facts)} ` +
        `${data.dueAt ? `devait être terminée le ${frenchDateTime(data.dueAt)}` : 'a dépassé son délai'}. ` +
        'Elle ne l’est pas encore : sans suite de votre part, elle sera signalée à votre responsable.',
    ],
    todo: (data.actions.length ? data.actions : ['Donner suite au dossier']).map((a) => `${a}, dès que possible.`),
    summary: `Étape « ${facts.stateLabel} » en retard${data.dueAt ? ` depuis le ${frenchDateTime(data.dueAt)}` : ''}.`,
  };
}
