import { frenchDateTime } from '../../../processes/calendar.ts';
import { actingRoles, actionsFor } from '../../case-facts.ts';
import { caseName, type MessageContent, type MessageData } from './layout.ts';

/** A late step goes up to the manager of those who should have acted. */
export function escalade(data: MessageData): MessageContent {
  const { facts } = data;
  const expected = actionsFor(facts, actingRoles(facts));
  return {
    subject: `Dossier ${facts.businessKey} : une étape en retard vous est signalée`,
    paragraphs: [
      `L’étape « ${facts.stateLabel} » du ${caseName(facts)} ` +
        `${data.dueAt ? `devait être terminée le ${frenchDateTime(data.dueAt)}` : 'a dépassé son délai'} ` +
        'et ne l’est toujours pas, malgré un rappel à la personne en charge.',
      ...(expected.length ? [`Action attendue : ${expected.join(' ou ')}.`] : []),
    ],
    todo: ['Relancer la personne en charge, ou réattribuer le dossier.'],
    summary: `Étape « ${facts.stateLabel} » en retard, signalée à vous en tant que responsable.`,
  };
}
