import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestRuntime } from '../../support/runtime';

/** Drives the admin console as a person would, with axe and CSP checks on the way. */
export const consoleUrl = (rt: TestRuntime) => `${rt.url}/api/admin/`;

/** A browser context whose pages fail the test on a Content-Security-Policy violation or a script error. */
export async function consoleContext(browser: Browser, options: { locale?: string; width?: number; height?: number } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

/** Sign in on the local OpenID provider's page by choosing a directory user. */
export async function signIn(page: Page, rt: TestRuntime, displayName: string, button = 'Sign in'): Promise<void> {
  await page.goto(consoleUrl(rt));
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('button', { name: displayName, exact: true }).click();
  await page.waitForURL((u) => u.href.startsWith(consoleUrl(rt)) && !u.search.includes('code='));
}

const scanned: string[] = [];
/** Every screen scanned so far, for the report. */
export const scannedScreens = () => [...scanned];

async function axe(page: Page, label: string): Promise<void> {
  // Tabster (Fluent UI's focus manager) adds aria-hidden <i data-tabster-dummy> elements around focus
  // groups; when one receives focus it moves focus on at once, so a keyboard user never lands on it.
  // axe cannot know that (aria-hidden-focus); everything else on the page is checked.
  // Scan the screen as it settles, not mid-animation: a dialog fading in has its buttons at partial
  // opacity, which axe rightly measures as too little contrast.
  // (A spinner's endless animation is left out: it never finishes.)
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const result = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).slice(0, 3).join(' | ')}`);
  expect(summary, `axe on ${label}`).toEqual([]);
  scanned.push(label);
}

/**
 * Scans the current screen with axe in English, switches the console to Dutch, scans again and
 * switches back: every visited screen, once per language.
 */
export async function scanBothLanguages(page: Page, label: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await axe(page, `${label} (en)`);
  await page.getByLabel(/^(Language|Taal)/).first().selectOption('nl-NL');
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('nl');
  await page.waitForLoadState('networkidle');
  await axe(page, `${label} (nl)`);
  await page.getByLabel(/^(Language|Taal)/).first().selectOption('en-US');
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
}

export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { level: 1, name }).count(), { timeout: 15_000 }).toBe(1);
}
