import { frenchDateTime } from '../../../processes/calendar.ts';
import { caseName, deadlineLine, type MessageContent, type MessageData } from './layout.ts';

/** A case now waits for the recipient (or their team) to act. */
export function actionRequise(data: MessageData): MessageContent {
  const { facts } = data;
  return {
    subject: `Dossier ${facts.businessKey} : votre action est attendue`,
    paragraphs: [
      `Le ${frenchDateTime(facts.at)}, le ${caseName(facts)} a fait l’objet de l’action « ${facts.eventLabel} ». ` +
        `Il est maintenant à l’étape « ${facts.stateLabel} » et attend votre action.`,
    ],
    todo: data.actions.length ? data.actions : ['Consulter le dossier et y donner suite.'],
    deadline: deadlineLine(data.dueAt),
    summary: `Étape « ${facts.stateLabel} » : action attendue${data.dueAt ? ` avant le ${frenchDateTime(data.dueAt)}` : ''}.`,
  };
}
