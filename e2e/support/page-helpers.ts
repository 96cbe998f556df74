import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Saves a full-page screenshot to e2e/artifacts/<name>.png (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

/** The tree row of a span in the trace view. */
export function spanRow(page: Page, spanId: string): Locator {
  return page.locator(`.span-row[data-span-id="${spanId}"]`);
}

/** The list row of a trace. */
export function traceRow(page: Page, traceId: string): Locator {
  return page.locator(`.trace-row[data-trace-id="${traceId}"]`);
}

/** Parses a displayed duration ("340 ms", "1.2 s…", "2 m 05 s") back to milliseconds. */
export function parseDuration(text: string): number {
  const clean = text.replace('…', '').trim();
  let match = /^(\d+) ms$/.exec(clean);
  if (match) return Number(match[1]);
  match = /^(\d+(?:\.\d+)?) s$/.exec(clean);
  if (match) return Number(match[1]) * 1000;
  match = /^(\d+) m (\d+) s$/.exec(clean);
  if (match) return Number(match[1]) * 60_000 + Number(match[2]) * 1000;
  throw new Error(`Not a displayed duration: "${text}"`);
}

/**
 * Runs `body` (JavaScript, in the page) as a function of `args`. The e2e
 * code is type-checked without DOM types, so in-page code is passed as text.
 */
export function inPage(body: string, args: unknown): string {
  return `((args) => { ${body} })(${JSON.stringify(args)})`;
}

/**
 * Evaluates `predicate` (a function body over `args`, in the page) every
 * animation frame until it returns something other than `false` (or a
 * promise of it), and returns that. Unlike `page.waitForFunction` with a
 * string, this works under the UI's CSP, which forbids eval.
 */
export async function waitInPage(
  page: Page,
  predicate: string,
  args: unknown,
  timeoutMs = 10_000,
): Promise<unknown> {
  return page.evaluate(
    inPage(
      `const check = (args) => { ${predicate} };
       const deadline = performance.now() + ${timeoutMs};
       return new Promise((resolve, reject) => {
         const poll = async () => {
           try {
             const value = await check(args);
             if (value !== false) return resolve(value);
             if (performance.now() > deadline) return reject(new Error('waitInPage: timed out after ${timeoutMs} ms'));
             requestAnimationFrame(poll);
           } catch (error) {
             reject(error);
           }
         };
         poll();
       });`,
      args,
    ),
  );
}

/** Waits until the text of the element at `selector`, read as a duration, exceeds `ms`; returns it. */
export async function waitForDurationAbove(
  page: Page,
  selector: string,
  ms: number,
  timeout = 10_000,
): Promise<number> {
  const value = await waitInPage(
    page,
    `const text = document.querySelector(args.selector)?.textContent?.replace('…', '').trim() ?? '';
     const match = /^(\\d+(?:\\.\\d+)?) (ms|s)$/.exec(text);
     if (!match) return false;
     const value = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
     return value > args.ms ? value : false;`,
    { selector, ms },
    timeout,
  );
  return value as number;
}
