import type { PayloadCodec } from '@temporalio/common';
import type { Organisation, User } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma/client.ts';
import type { AuthSettings } from '../services/auth/settings.ts';
import type { CaseServiceContext } from '../services/context.ts';
import type { IdentityRegister } from '../services/enrolment/identity/identity-register.ts';
import type { SqlClient } from '../services/enrolment/sql.ts';
import type { MailSettings } from '../services/mail/settings.ts';
import type { DataKeys } from '../services/personal-data/data-keys.ts';
import type { Viewer } from '../services/viewer.ts';
import type { Loader } from './batch-loader.ts';

/** What the API needs from the running product: built once at start-up. */
export interface ApiServices {
  cases: CaseServiceContext;
  auth: AuthSettings;
  /** Uploaded documents are stored under `${dataDir}/documents`. */
  dataDir: string;
  uploadMaxBytes: number;
  /** Checks that the mail server accepts connections, for supervision; absent where nothing sends mail. */
  mailCheck?: () => Promise<unknown>;
  /** The codec endpoint for Temporal's web UI; unset, `/codec/*` is not served. */
  payloadCodec?: { codec: PayloadCodec; allowedOrigins: readonly string[] };
  /** The keys that protect NINs (encryption and blind index): without them, enrolment by NIN is refused and the rights check finds a member by card only. */
  dataKeys?: DataKeys;
  /** Mail from the API itself (the rights checks' alerts, a member's invitation); absent, alerts are recorded and not mailed, and an invitation is refused. */
  mail?: MailSettings;
  /** The rights check's own `pg` pool (services/controle/check-rights.ts); unset, it goes through Prisma. */
  checkDb?: SqlClient;
  /** The identity register hires and workforce imports are checked against (services/enrolment/identity); unset, they are not. */
  identity?: IdentityRegister;
}

/** The context of one GraphQL request. */
export interface ApiContext {
  services: ApiServices;
  prisma: PrismaClient;
  /** Who is asking: null when the request carries no valid session cookie nor bearer token. */
  viewer: Viewer | null;
  /** How the viewer proved who they are: the portal's session cookie, or a bearer token. */
  authenticatedBy: 'session' | 'token' | null;
  /** The session secret from the cookie, so that signing out ends that session. */
  sessionSecret: string | undefined;
  ip: string | undefined;
  /** Set-Cookie values to send back with the response (sign-in, sign-out). */
  cookies: string[];
  users: Loader<User>;
  organisations: Loader<Organisation>;
}
