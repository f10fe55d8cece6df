/**
 * The researcher's review loop in the mistake view, in the real workbench (code-server + the packaged
 * .vsix, driven by chromium): no CSP report on open, the one-line key help and `?` for every key, the
 * "rated" progress that moves with key 2 without rebuilding the page, `u` / Shift+U both ways, a
 * `\rule{100em}{100em}` / `\kern` payload that stays inside the view, and a 33 KB step that is collapsed
 * behind "Show more" (paint time and page height printed for the record).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { runCommand as runPaletteCommand } from '../support/palette';
import { openWorkbench, screenshotDir, screenshotIfFailed, type Workbench } from '../support/workbench';
import { writeRunFixture, type FixtureCorrection, type RunFixture } from '../support/runFixture';
import { hostileTexts } from '../fixtures/hostile/corpus';

/** A reasoner stuck in a loop: about 33 KB of one step, formulas all through it. */
const LOOPING_STEP = Array.from({ length: 480 }, (_, i) => `Wait, let me check again (${i + 1}): $3 \\times 4 = 12$ and $12 + 7 = 19$. `).join('');
const LOOP_END = 'so the total is 21 after all.';

/** KaTeX sizes a model could write to cover the page: huge rules, kerns that push text off to the side, a box lowered far down. */
const LAYOUT_BOMB = 'Consider $\\rule{100em}{100em}$ and $\\kern-100em\\text{shifted}$ then $\\rule[-100em]{1em}{1em}$ and \\[\\rule{100em}{100em}\\hspace{200em}x\\]';

const fix = (step: number, text: string, answer: string): FixtureCorrection => ({ incorrectStep: step, explanation: `Step ${step} is wrong.`, correctedSteps: [text, `The answer is $${answer}$.`], answer, verified: true });

/** A question pasted in a loop, one short line at a time: about 33 KB, 900 lines. */
const LOOPING_LINES = Array.from({ length: 900 }, (_, i) => `Line ${i + 1}: let me try that once more.`).join('\n');

/** Five MATH mistakes: four with one correction each and one (the fourth, with a 33 KB question) with none. */
function loopRun(runId: string): RunFixture {
  return {
    runId,
    task: 'math',
    paths: [
      { question: 'What is $2 + 3$?', goldAnswer: '5', steps: ['$2 + 3 = 6$.', 'The answer is $6$.'], answer: '6', corrections: [fix(1, '$2 + 3 = 5$.', '5')] },
      {
        question: `Layout bomb: ${LAYOUT_BOMB}`,
        goldAnswer: '1',
        steps: [LAYOUT_BOMB, `${hostileTexts.find((h) => h.name === 'KaTeX macro bomb')?.text ?? ''} so $x = 2$.`, 'The answer is $2$.'],
        answer: '2',
        corrections: [{ ...fix(2, 'So $x = 1$.', '1'), explanation: `Because ${LAYOUT_BOMB}` }],
      },
      {
        question: 'What is $3 \\times 4 + 7$?',
        goldAnswer: '19',
        steps: ['$3 \\times 4 = 12$.', `${LOOPING_STEP}${LOOP_END}`, 'The answer is $21$.'],
        answer: '21',
        corrections: [fix(2, '$12 + 7 = 19$.', '19')],
      },
      { question: `${LOOPING_LINES}\nWhat is $10 - 4$?`, goldAnswer: '6', steps: ['$10 - 4 = 7$.', 'The answer is $7$.'], answer: '7' },
      { question: 'What is $9 / 3$?', goldAnswer: '3', steps: ['$9 / 3 = 4$.', 'The answer is $4$.'], answer: '4', corrections: [fix(1, '$9 / 3 = 3$.', '3')] },
    ],
  };
}

describe('Mistake view review loop in the workbench (e2e)', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;
  let page: Page;
  let workspace: string;
  /** Every console message of a webview frame that names the Content Security Policy. */
  const cspReports: string[] = [];

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-e2e-loop-'));
    await writeRunFixture(workspace, loopRun('e2e-loop'));
    workbench = await openWorkbench(workspace);
    page = workbench.page;
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspReports.push(`${m.type()} ${m.location().url}: ${m.text()}`);
    });
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await workbench?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, 'loop-');
  });

  const view = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  /** Keys go to the page that has focus: click a quiet part of the view first. */
  async function pressInView(key: string): Promise<void> {
    await view().locator('#position').click();
    await page.keyboard.press(key);
  }

  async function at(position: number): Promise<void> {
    await view().locator('#position', { hasText: `Mistake ${position} of 5` }).waitFor({ timeout: 15_000 });
  }

  /** Moves with `key` to mistake `position` and says how long until the page had painted it, and how tall the page is. */
  async function timedMove(key: string, position: number): Promise<{ ms: number; height: number }> {
    await view().locator('#position').click();
    const t0 = Date.now();
    await page.keyboard.press(key);
    await at(position);
    await view().locator('html').evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const ms = Date.now() - t0;
    return { ms, height: await pageHeight() };
  }

  const pageHeight = (): Promise<number> => view().locator('html').evaluate((e) => e.scrollHeight);

  it('opens without a Content-Security-Policy report, with the one-line key help', async () => {
    await runPaletteCommand(page, 'Mistakebook: Show Mistake');
    await at(1);
    await page.waitForTimeout(1500); // room for late reports (toolkit elements upgrade after the first paint)
    assert.deepEqual(cspReports, []);
    assert.equal(await view().locator('#key-help').innerText(), '1/2/3 rate · j/k next/previous · u/U next/previous unrated · ? all keys');
  });

  it('? lists every key; keys do nothing behind the list; Escape closes it', async () => {
    await pressInView('?');
    const list = view().locator('#key-list');
    await list.waitFor({ state: 'visible', timeout: 5_000 });
    const text = await list.innerText();
    for (const key of ['1', '2', '3', 'j', 'k', 'u', 'Shift+U', '?', 'Escape']) assert.match(text, new RegExp(`(^|\\s)${key.replace(/[?+]/g, '\\$&')}\\s`), `the list names ${key}`);
    await page.keyboard.press('j');
    await page.waitForTimeout(500);
    assert.equal(await view().locator('#position').innerText(), 'Mistake 1 of 5', 'j did not move behind the open list');
    await page.screenshot({ path: join(screenshotDir, 'mistake-key-list.png') });
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden', timeout: 5_000 });
  });

  it('pressing 2 moves "0 / 4 corrections rated" to "1 / 4" without rebuilding the page', async () => {
    const progress = view().locator('#review-progress');
    assert.equal(await progress.innerText(), '0 / 4 corrections rated by you', 'the rater of the test settings');
    // A mark on the page as it is now: a rebuilt page would not carry it.
    await view().locator('main').evaluate((m) => m.setAttribute('data-before-rating', 'yes'));
    await pressInView('2');
    await view().locator('#review-progress', { hasText: '1 / 4 corrections rated' }).waitFor({ timeout: 10_000 });
    await view().locator('#rating-status', { hasText: 'Rated good' }).waitFor({ timeout: 10_000 });
    assert.equal(await view().locator('main').getAttribute('data-before-rating'), 'yes', 'the same page, updated in place');
  });

  it('u and Shift+U go to the next and previous unrated mistake, wrapping around, skipping rated and uncorrected ones', async () => {
    // 1 is rated now and 4 has no correction: the unrated ones are 2, 3 and 5.
    await pressInView('u');
    await at(2);
    await pressInView('u');
    await at(3);
    await pressInView('Shift+U');
    await at(2);
    await pressInView('Shift+U');
    await at(5);
    await pressInView('u');
    await at(2);
  });

  it('a \\rule{100em}{100em} / \\kern-100em payload stays inside the view and covers nothing', async () => {
    await at(2);
    await page.waitForTimeout(300);
    const check = await view().locator('html').evaluate((html) => {
      const width = html.clientWidth;
      const boxes = [...html.querySelectorAll('main .math')].map((m) => {
        const r = m.getBoundingClientRect();
        return { left: r.left, right: r.right, height: r.height, em: parseFloat(getComputedStyle(m).fontSize), display: m.classList.contains('math-display') };
      });
      // What a user sees at the key help, the progress and the rating: the thing itself, not a formula over it.
      const onTop = ['#key-help', '#review-progress', '#rating-status', '.step.wrong .step-number'].map((sel) => {
        const target = html.querySelector(sel);
        if (target === null) return `${sel}: missing`;
        target.scrollIntoView({ block: 'center' });
        const r = target.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8), r.top + r.height / 2);
        return hit !== null && (target === hit || target.contains(hit)) ? 'ok' : `${sel}: covered by ${hit?.className ?? 'nothing'}`;
      });
      return { width, scrollWidth: html.scrollWidth, boxes, onTop, height: html.scrollHeight };
    });
    await view().locator('main').evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(screenshotDir, 'mistake-layout-bomb.png') });
    assert.ok(check.boxes.length >= 8, `${check.boxes.length} formulas typeset`);
    assert.ok(check.scrollWidth <= check.width, `no horizontal overflow (${check.scrollWidth} > ${check.width})`);
    for (const b of check.boxes) {
      assert.ok(b.left >= 0 && b.right <= check.width, `a formula stays within the width: ${JSON.stringify(b)}`);
      assert.ok(b.height <= (b.display ? 24 : 6) * b.em + 1, `a formula stays within its height cap: ${JSON.stringify(b)}`);
    }
    assert.deepEqual(check.onTop, ['ok', 'ok', 'ok', 'ok']);
    assert.ok(check.height < 2500, `page height ${check.height} px`);
    console.log(`      layout bomb: page height ${check.height} px, tallest formula ${Math.max(...check.boxes.map((b) => b.height)).toFixed(0)} px`);
  });

  it('a 33 KB step is collapsed, paints fast, and "Show more" / "Show less" expand and fold it', async () => {
    const { ms, height } = await timedMove('j', 3);
    console.log(`      33 KB step: key j → painted ${ms} ms, page height ${height} px`);
    const step = view().locator('.step.wrong .step-text');
    assert.equal(await step.getAttribute('data-collapsed'), 'true');
    const collapsed = await step.innerText();
    assert.match(collapsed, /Wait, let me check again \(1\)/);
    assert.doesNotMatch(collapsed, /check again \(100\)/);
    assert.ok(height < 1500, `page height ${height} px with the step collapsed`);
    await page.screenshot({ path: join(screenshotDir, 'mistake-long-collapsed.png') });
    await step.locator('.show-more', { hasText: /^Show more \(\d\d,\d{3} more characters\)$/ }).click();
    await step.locator('.show-more', { hasText: 'Show less' }).waitFor({ timeout: 5_000 });
    assert.match(await step.innerText(), /check again \(200\)/);
    await step.locator('.show-all').click();
    assert.ok((await step.innerText()).includes(LOOP_END), 'the whole step after the last piece');
    const expanded = await pageHeight();
    console.log(`      33 KB step expanded: page height ${expanded} px`);
    assert.ok(expanded > height * 2, `expanded ${expanded} px vs collapsed ${height} px`);
    await step.locator('.show-more', { hasText: 'Show less' }).click();
    await step.locator('.show-more', { hasText: /^Show more/ }).waitFor({ timeout: 5_000 });
    const folded = await pageHeight();
    assert.ok(Math.abs(folded - height) < 50, `folded back to the collapsed height (${folded} px, was ${height} px)`);
  });

  it('a 33 KB question of 900 lines is collapsed to its first lines', async () => {
    const { ms, height } = await timedMove('j', 4);
    console.log(`      33 KB question (900 lines): key j → painted ${ms} ms, page height ${height} px`);
    const question = view().locator('.question .rich-text');
    assert.equal(await question.getAttribute('data-collapsed'), 'true');
    assert.match(await question.innerText(), /^Line 1: let me try that once more\.\nLine 2:[\s\S]*Line 8: let me try that once more\.…\s*Show more \(\d\d,\d{3} more characters\)$/);
    assert.ok(height < 1500, `page height ${height} px with the question collapsed`);
    assert.deepEqual(cspReports, [], 'no CSP report on the way either');
  });
});
