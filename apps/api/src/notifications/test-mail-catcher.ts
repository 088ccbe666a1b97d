// A mail catcher for tests (maildev: SMTP in, a REST API out), stoppable and restartable on the same ports.
import { MailDev } from 'maildev';
import { freePort } from '../test-support';

export interface CaughtEmail {
  subject: string;
  to: { address: string }[];
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailCatcher {
  smtpUrl: string;
  /** Every email caught since it started (a restart starts empty). */
  emails(): Promise<CaughtEmail[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const [smtp, web] = [await freePort(), await freePort()];
  let server: MailDev | null = null;
  const catcher: MailCatcher = {
    smtpUrl: `smtp://127.0.0.1:${smtp}`,
    async emails() {
      const response = await fetch(`http://127.0.0.1:${web}/api/email`);
      return (await response.json()) as CaughtEmail[];
    },
    async stop() {
      await server?.stop();
      server = null;
    },
    async start() {
      server = new MailDev({ smtp, web, ip: '127.0.0.1', webIp: '127.0.0.1', silent: true });
      await server.start();
    },
  };
  await catcher.start();
  return catcher;
}

/** The Message-ID of a caught email. */
export const messageIdOf = (email: CaughtEmail) => email.headers['message-id'] ?? '';
