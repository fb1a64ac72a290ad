import { mayUse, type Operation } from '../services/permissions.ts';
import type { Viewer } from '../services/viewer.ts';
import type { ApiContext } from './context.ts';
import { ForbiddenError, NotSignedInError } from './errors.ts';

/** The first line of every operation: someone signed in, with a role the permissions table allows. */
export function authorize(ctx: ApiContext, operation: Operation): Viewer {
  if (!ctx.viewer) throw new NotSignedInError();
  if (!mayUse(ctx.viewer, operation)) throw new ForbiddenError(operation);
  return ctx.viewer;
}
