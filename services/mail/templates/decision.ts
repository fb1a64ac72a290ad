import { frenchDateTime } from '../../../processes/calendar.ts';
import { caseName, deadlineLine, type MessageContent, type MessageData } from './layout.ts';

/** A decision was taken on a case the recipient is party to. */
export function decision(data: MessageData): MessageContent {
  const { facts } = data;
  return {
    subject: `Dossier ${facts.businessKey} : ${facts.stateLabel}`,
    paragraphs: [
      `Une décision a été prise le ${frenchDateTime(facts.at)} sur le ${caseName(facts)} : « ${facts.eventLabel} ».`,
      `Le dossier est maintenant « ${facts.stateLabel} ». Le détail et les documents sont dans le dossier.`,
    ],
    todo: data.actions.length
      ? data.actions
      : ['Aucune action n’est attendue de votre part : prendre connaissance de la décision.'],
    deadline: data.actions.length ? deadlineLine(data.dueAt) : undefined,
    summary: `Décision : ${facts.stateLabel}.`,
  };
}
