// The one table of roles (processes/roles.ts), shared with the server: labels are written once. The
// domains' modules are loaded first: the roles they add are in it.
import '../../../processes/domains.ts';
import { ROLES } from '../../../processes/roles.ts';

export const roleLabel = (role: string): string => (ROLES as Record<string, string>)[role] ?? role;
