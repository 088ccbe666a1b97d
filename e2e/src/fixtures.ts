// Every e2e test records the Content-Security-Policy violations of every frame it opens (the shop, the admin, Stripe's
// frames) and fails if there was one: the policies must allow exactly what the apps and Stripe.js do.
import { expect, test as base } from '@playwright/test';

export interface CspViolation {
  directive: string;
  blocked: string;
  document: string;
  source: string;
  line: number;
}

declare global {
  interface Window {
    __storepayCspViolation?: (violation: CspViolation) => void;
  }
}

export const test = base.extend<{ cspViolations: CspViolation[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const seen: CspViolation[] = [];
      await context.exposeBinding('__storepayCspViolation', (_source, violation: CspViolation) => {
        seen.push(violation);
      });
      // Runs in every frame before its own scripts, so nothing is blocked before the listener is there.
      await context.addInitScript(() => {
        document.addEventListener(
          'securitypolicyviolation',
          (event) =>
            void window.__storepayCspViolation?.({
              directive: event.effectiveDirective,
              blocked: event.blockedURI,
              document: event.documentURI,
              source: event.sourceFile,
              line: event.lineNumber,
            }),
          true,
        );
      });
      await use(seen);
      // A test that provokes violations on purpose checks and removes them itself.
      expect(seen, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
