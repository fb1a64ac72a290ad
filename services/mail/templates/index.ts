import type { NotificationKind } from '../../../processes/effects.ts';
import { actionRequise } from './action-requise.ts';
import { decision } from './decision.ts';
import { echeanceProche } from './echeance-proche.ts';
import { echeanceElement, escaladeElement, retardElement } from './element-due.ts';
import { escalade } from './escalade.ts';
import type { MessageContent, MessageData } from './layout.ts';
import { licenceExpire } from '../../licensing/mail/licence-expire.ts';
import { retard } from './retard.ts';

/** The French template of each kind of notification: the type makes a missing one a compile error. */
export const TEMPLATES: Record<NotificationKind, (data: MessageData) => MessageContent> = {
  action_requise: actionRequise,
  echeance_proche: echeanceProche,
  retard,
  escalade,
  decision,
  licence_expire: licenceExpire,
  echeance_element: echeanceElement,
  retard_element: retardElement,
  escalade_element: escaladeElement,
};

export type { MessageData, RenderedMessage } from './layout.ts';
export { renderMessage } from './layout.ts';
