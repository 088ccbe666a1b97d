import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * The browser both e2e configurations launch: Debian's Chromium where it exists (CI, offline machines; npm test
 * installs it), Playwright's own elsewhere, or PLAYWRIGHT_CHROMIUM_PATH; headless, with nothing that reaches out.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath:
    process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
