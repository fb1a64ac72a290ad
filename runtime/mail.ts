import type { Transporter } from 'nodemailer';
import type { Config } from '../config/env.ts';
import { type MailCatcher, startMailCatcher } from '../services/mail/catcher.ts';
import { caughtMailDir } from '../services/mail/caught-mail.ts';
import type { MailSettings } from '../services/mail/settings.ts';
import { createSmtpTransport } from '../services/mail/transport.ts';

export interface RunningMail {
  transport: Transporter;
  /** What the activities need to send (ActivityDependencies.mail). */
  settings: MailSettings;
  /** The local catcher, when SMTP_URL is unset. */
  catcher: MailCatcher | null;
  stop(): Promise<void>;
}

/**
 * Mail for the running product: SMTP to SMTP_URL when it is set; otherwise a local catcher, in this
 * process, that keeps every message under `<data folder>/mail` (the administrators' mail page shows
 * them), so that a demo shows real mail without sending any.
 */
export async function startMail(
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'dataDir' | 'publicUrl'>,
  log: (message: string) => void = console.log,
): Promise<RunningMail> {
  let catcher: MailCatcher | null = null;
  let transport: Transporter;
  if (config.SMTP_URL) {
    transport = createSmtpTransport(config.SMTP_URL);
    log(`Courriel : SMTP ${redact(config.SMTP_URL)}, expéditeur ${config.MAIL_FROM}`);
  } else {
    catcher = await startMailCatcher({ dir: caughtMailDir(config.dataDir) });
    transport = createSmtpTransport(catcher.url, { ignoreTLS: true });
    log(`Courriel : aucun SMTP_URL, les messages sont gardés dans ${caughtMailDir(config.dataDir)} (capteur local)`);
  }
  return {
    transport,
    settings: { transport, from: config.MAIL_FROM, publicUrl: config.publicUrl },
    catcher,
    stop: async () => {
      transport.close();
      await catcher?.stop();
    },
  };
}

const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
