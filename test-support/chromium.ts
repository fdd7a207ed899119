import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`scripts/install-system-deps.sh` installs it); never a downloaded build. */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether the Chromium binary is on this machine. */
export const chromiumInstalled = existsSync(CHROMIUM);

/** Flags for a quiet headless Chromium that reaches nothing but the pages a test opens. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with the flags above; the caller closes it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
