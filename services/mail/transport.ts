import nodemailer, { type Transporter } from 'nodemailer';

// Short timeouts, and one connection per message rather than a pool (whose queue has no time limit):
// a delivery attempt must end well within its lease (settings.ts), or a second attempt could take
// the message over while the first is still talking to the server.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * An SMTP transport from an `smtp://user:password@host:587` (STARTTLS when offered) or
 * `smtps://host:465` (TLS from the start) URL.
 */
export function createSmtpTransport(url: string, options: { ignoreTLS?: boolean } = {}): Transporter {
  return nodemailer.createTransport({ url, ...TIMEOUTS, ...options });
}
