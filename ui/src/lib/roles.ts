// The one table of roles (processes/roles.ts), shared with the server: labels are written once.
import { ROLES } from '../../../processes/roles.ts';

export const roleLabel = (role: string): string => (ROLES as Record<string, string>)[role] ?? role;
