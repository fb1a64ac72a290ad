import { DOMAIN_DOCUMENT_TEMPLATES } from '../../domain-services.ts';
import '../../domains.ts';
import type { DocumentTemplate } from './types.ts';

/** The template of each kind of document: the engine has none of its own, the domains bring them (`services/domains.ts`). */
export const DOCUMENT_TEMPLATES: Readonly<Record<string, DocumentTemplate>> = DOMAIN_DOCUMENT_TEMPLATES;

export type { DocumentContent, DocumentTemplate } from './types.ts';
