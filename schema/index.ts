import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';
import './types/scalars.ts';
import './types/enums.ts';
import './types/errors.ts';
import './types/organisation.ts';
import './types/user.ts';
import './types/process.ts';
import './types/case.ts';
import './types/audit-entry.ts';
import './types/document.ts';
import './types/notification.ts';
import './types/batch.ts';
import './queries/caught-mail.ts';
import './queries/notification-preferences.ts';
import './queries/me.ts';
import './queries/people.ts';
import './queries/processes.ts';
import './queries/cases.ts';
import './queries/case-records.ts';
import './queries/process-board.ts';
import './queries/supervision.ts';
import './types/sign-in-steps.ts';
import './mutations/sign-in.ts';
import './mutations/api-tokens.ts';
import './mutations/start-case.ts';
import './mutations/send-event.ts';
import './mutations/assign-case.ts';
import './mutations/upload-document.ts';
import './mutations/migrate-cases.ts';
import './queries/batches.ts';
// The domains' own types, queries and mutations.
import './licensing/index.ts';
import './portfolio/index.ts';
import './referentials/index.ts';
import './enrolment/index.ts';

/** Siamo's GraphQL schema, types sorted by name so that its printed form is stable. */
export const schema = lexicographicSortSchema(builder.toSchema());
