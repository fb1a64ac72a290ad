import { DOMAIN_MAIL_TEMPLATES, type MailTemplate } from '../../domain-services.ts';
import '../../domains.ts';
import { actionRequise } from './action-requise.ts';
import { decision } from './decision.ts';
import { echeanceProche } from './echeance-proche.ts';
import { echeanceElement, escaladeElement, retardElement } from './element-due.ts';
import { escalade } from './escalade.ts';
import type { MessageContent, MessageData } from './layout.ts';
import { retard } from './retard.ts';

/** The French template of each kind of notification the engine knows; domains add theirs (`services/domains.ts`). */
const ENGINE_TEMPLATES: Record<string, (data: MessageData) => MessageContent> = {
  action_requise: actionRequise,
  echeance_proche: echeanceProche,
  retard,
  escalade,
  decision,
  echeance_element: echeanceElement,
  retard_element: retardElement,
  escalade_element: escaladeElement,
};

/** The template of a kind of notification, the engine's or a domain's; undefined for an unknown kind. */
export const templateOf = (kind: string): MailTemplate | undefined =>
  ENGINE_TEMPLATES[kind] ?? DOMAIN_MAIL_TEMPLATES[kind];

export type { MessageData, RenderedMessage } from './layout.ts';
export { renderMessage } from './layout.ts';
