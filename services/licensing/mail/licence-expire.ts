import { frenchDate } from '../../../processes/calendar.ts';
import { caseName, deadlineLine, type MessageContent, type MessageData } from '../../mail/templates/layout.ts';

/** A licence (agrément) is about to expire: its holder must apply for renewal in time. */
export function licenceExpire(data: MessageData): MessageContent {
  const { facts } = data;
  const when = data.dueAt ? `le ${frenchDate(data.dueAt)}` : 'prochainement';
  return {
    subject: `Dossier ${facts.businessKey} : l’agrément expire ${when}`,
    paragraphs: [
      `L’agrément objet du ${caseName(facts)} expire ${when}. ` +
        'Sans renouvellement à cette date, l’institution ne pourra plus exercer.',
    ],
    todo: data.actions.length
      ? data.actions
      : ['Déposer une demande de renouvellement de l’agrément avant son expiration.'],
    deadline: deadlineLine(data.dueAt),
    summary: `Agrément expirant ${when}.`,
  };
}
