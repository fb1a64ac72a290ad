import { frenchDateTime } from '../../../processes/calendar.ts';
import { deadlineOutcome } from '../../case-facts.ts';
import { caseName, deadlineLine, type MessageContent, type MessageData } from './layout.ts';

/** The party who must answer is reminded before their deadline passes. */
export function echeanceProche(data: MessageData): MessageContent {
  const { facts } = data;
  const outcome = deadlineOutcome(facts);
  const when = data.dueAt ? `le ${frenchDateTime(data.dueAt)}` : 'bientôt';
  return {
    subject: `Dossier ${facts.businessKey} : échéance ${data.dueAt ? `le ${frenchDateTime(data.dueAt)}` : 'proche'}`,
    paragraphs: [
      `Le ${caseName(facts)} attend votre réponse à l’étape « ${facts.stateLabel} ». ` +
        `Le délai expire ${when}${outcome ? ` ; passé ce délai, le dossier sera « ${outcome} »` : ''}.`,
    ],
    todo: data.actions.length ? data.actions : ['Répondre dans le dossier.'],
    deadline: deadlineLine(data.dueAt),
    summary: `Étape « ${facts.stateLabel} » : réponse attendue avant ${when}.`,
  };
}
