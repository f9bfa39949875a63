/**
 * How Debian Chromium is started here, for the e2e tests and `npm run bench` alike: there is no
 * network, so Chromium's own background connections are switched off, and Playwright cannot
 * download a browser, so the system one is used.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Flags that load only the unpacked extension in `dir`. */
export function extensionArgs(dir: string): string[] {
  return [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`];
}
