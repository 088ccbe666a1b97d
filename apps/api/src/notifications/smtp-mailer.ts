import nodemailer from 'nodemailer';
import type { Mailer, SendResult } from '../use-cases/deliver-notifications';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…` (SMTP_URL). */
  url: string;
  /** The From header, e.g. `Storepay <shop@example.com>` (MAIL_FROM). */
  from: string;
}

export interface SmtpMailer extends Mailer {
  close(): void;
}

/** How long the mail server may take: well below the notification lease, so a slow send never overlaps a reclaim. */
export const SMTP_TIMEOUTS_MS = { connection: 10_000, greeting: 10_000, socket: 30_000 };

/** Mail servers answer 5xx for refusals that will not change (no such mailbox, policy); 4xx and network errors pass. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * The mailer over SMTP (nodemailer). One connection per message, not a pool: an idle pooled connection holds the
 * mail server's side open until its socket timeout, and a send never waits on a connection another one broke.
 * Never throws: a failure is a result.
 */
export function createSmtpMailer({ url, from }: SmtpMailerOptions): SmtpMailer {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: SMTP_TIMEOUTS_MS.connection,
    greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
    socketTimeout: SMTP_TIMEOUTS_MS.socket,
  });
  return {
    async send(mail): Promise<SendResult> {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          messageId: mail.messageId,
        });
        return { ok: true };
      } catch (error) {
        return {
          ok: false,
          error: error instanceof Error ? error.message : String(error),
          permanent: isPermanent(error),
        };
      }
    },
    close() {
      transport.close();
    },
  };
}
