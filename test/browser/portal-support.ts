import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { passcodeFor } from '../e2e/my-access-support';
import type { TestRuntime } from '../support/runtime';

/**
 * The guest-facing pages (My Access, redeem) as a partner sees them: axe with zero violations in
 * English and Dutch, light and dark schemes, desktop and phone windows; no request leaves the
 * local host and nothing breaks the page's Content-Security-Policy.
 */
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export interface Look {
  locale: 'en-US' | 'nl-NL';
  colorScheme: 'light' | 'dark';
  viewport: { width: number; height: number };
}

/** The four looks every page is scanned in: English and Dutch, each once light on a desktop and once dark on a phone. */
export const LOOKS: readonly Look[] = [
  { locale: 'en-US', colorScheme: 'light', viewport: DESKTOP },
  { locale: 'nl-NL', colorScheme: 'light', viewport: DESKTOP },
  { locale: 'en-US', colorScheme: 'dark', viewport: PHONE },
  { locale: 'nl-NL', colorScheme: 'dark', viewport: PHONE },
];

/** A browser context that records CSP refusals, script errors and requests to anywhere but the runtime. */
export async function watchedContext(browser: Browser, rt: TestRuntime, look: Look, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) {
  // Each context is its own client (as behind Azure's front end), so per-client sign-in limits of one do not reach another.
  const client = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const context = await browser.newContext({ locale: look.locale, colorScheme: look.colorScheme, viewport: look.viewport, extraHTTPHeaders: { 'x-forwarded-for': client }, ...(storageState ? { storageState } : {}) });
  const problems: string[] = [];
  const origin = new URL(rt.url).origin;
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) problems.push(`external request ${url}`);
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

/** axe finds nothing; the page fits the window (no sideways scrolling); the scheme is the one asked for. */
export async function checkPage(page: Page, label: string, look: Look): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).slice(0, 3).join(' | ')}`);
  const where = `${label} [${look.locale} ${look.colorScheme} ${look.viewport.width}px]`;
  expect(summary, `axe on ${where}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways scrolling on ${where}`).toBeLessThanOrEqual(0);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
  const dark = r + g + b < 3 * 128;
  expect(dark, `${look.colorScheme} scheme on ${where} (${background})`).toBe(look.colorScheme === 'dark');
  expect(await page.evaluate(() => document.documentElement.lang), `lang on ${where}`).toBe(look.locale);
}

/** Opens `url` in every look (with the given session) and checks each. */
export async function checkEverywhere(browser: Browser, rt: TestRuntime, url: string, label: string, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<void> {
  for (const look of LOOKS) {
    const { context, page, problems } = await watchedContext(browser, rt, look, storageState);
    await page.goto(url);
    await checkPage(page, label, look);
    expect(problems, `${label} [${look.locale} ${look.colorScheme}]`).toEqual([]);
    await context.close();
  }
}

/** Brings a fresh page to a state by `steps` (forms to post, codes to type) in every look, then checks it. */
export async function checkEverywhereBy(browser: Browser, rt: TestRuntime, label: string, steps: (page: Page, look: Look, round: number) => Promise<void>): Promise<void> {
  let round = 0;
  for (const look of LOOKS) {
    const { context, page, problems } = await watchedContext(browser, rt, look);
    await steps(page, look, round++);
    await checkPage(page, label, look);
    expect(problems, `${label} [${look.locale} ${look.colorScheme}]`).toEqual([]);
    await context.close();
  }
}

/** Signs in on a portal page that shows the sign-in form: Email → Send code → the mailed code → Verify. */
export async function signInOnPage(rt: TestRuntime, page: Page, address: string, codesBefore = 0, labels = { email: 'Email', send: 'Send code', code: 'Code', verify: 'Verify' }): Promise<void> {
  await page.getByLabel(labels.email, { exact: true }).fill(address);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: labels.send }).click()]);
  await page.getByLabel(labels.code, { exact: true }).fill(await passcodeFor(rt, address, codesBefore + 1));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: labels.verify }).click()]);
}
