// The e2e system's mail catcher (maildev, started by `npm start`), read through its REST API.
import { expect } from '@playwright/test';
import { ports } from '../ports';

export interface CaughtEmail {
  subject: string;
  to: { address: string }[];
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Every email the catcher holds for `address`. */
export async function emailsTo(address: string): Promise<CaughtEmail[]> {
  const response = await fetch(`http://127.0.0.1:${ports.mailWeb}/api/email`);
  const all = (await response.json()) as CaughtEmail[];
  return all.filter((email) => email.to.some((to) => to.address.toLowerCase() === address.toLowerCase()));
}

/** Waits (up to 15 s) for an email to `address` whose subject matches, and answers it. */
export async function waitForEmail(address: string, subject: RegExp): Promise<CaughtEmail> {
  let found: CaughtEmail | undefined;
  await expect
    .poll(
      async () => {
        found = (await emailsTo(address)).find((email) => subject.test(email.subject));
        return found !== undefined;
      },
      { timeout: 15_000, message: `an email to ${address} with the subject ${subject}` },
    )
    .toBe(true);
  return found!;
}
