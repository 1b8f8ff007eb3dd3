import { chromium, type Browser } from 'playwright-core';

/** Chromium from Debian, headless, with the flags that keep it off the network (see the brief). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}
