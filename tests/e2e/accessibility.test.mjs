// End to end: the page for everyone. axe-core (the accessibility engine, from npm) finds no serious or critical
// violations; every control is reached with the Tab key and shows where the focus is; a keyboard user can put a
// test digit on the pad instead of drawing; predictions and training progress reach screen readers through one
// live region, at most about once a second; and reduced motion is respected.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { drawDigit, launchBrowser, openPage, ROOT, serveSite } from './browser.mjs';

let server, browser, page, errors;
before(async () => {
  server = await serveSite();
  browser = await launchBrowser();
  // bypassCSP: only so the test can inject axe-core into the page.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, bypassCSP: true, reducedMotion: 'reduce' });
  ({ page, errors } = await openPage(browser, `${server.url}?debug`, { context }));
});
after(async () => {
  await browser?.close();
  server?.stop();
});

async function axeViolations() {
  await page.addScriptTag({ path: `${ROOT}node_modules/axe-core/axe.min.js` });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe-core finds no serious or critical accessibility violations, before and after a drawing', async () => {
  assert.deepEqual(await axeViolations(), []);
  await drawDigit(page, '3', { left: 60, top: 40, width: 150, height: 200 });
  await page.waitForFunction(() => document.querySelector('[data-testid="reading-mlp"]').textContent !== '');
  assert.deepEqual(await axeViolations(), []);
});

test('Tab reaches every control, each with a visible focus outline', async () => {
  const controls = await page.$$eval('button, select, input, a[href]', (els) => els
    .filter((e) => !e.disabled && e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
    .map((e) => e.id || e.name || e.dataset.testid || e.textContent.trim()));
  await page.click('h1');
  const reached = new Set();
  for (let i = 0; i < 120 && reached.size < controls.length; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return { key: null };  // past the last control
      const style = getComputedStyle(e.closest('.file-button') ?? e);
      return { key: e.id || e.name || e.dataset.testid || e.textContent.trim(), outline: style.outlineStyle };
    });
    if (focused.key) {
      reached.add(focused.key);
      assert.notEqual(focused.outline, 'none', `${focused.key} shows no focus outline`);
    }
  }
  const missing = controls.filter((c) => !reached.has(c));
  assert.deepEqual(missing, [], `not reached with Tab: ${missing.join(', ')}`);
});

test('a keyboard user puts a test digit on the pad and hears what the network reads, at most once a second', async () => {
  await page.evaluate(() => {
    window.announcements = [];
    new MutationObserver(() => window.announcements.push({ at: performance.now(), text: document.querySelector('#announcer').textContent }))
      .observe(document.querySelector('#announcer'), { childList: true, characterData: true, subtree: true });
  });
  await page.focus('[data-testid="test-digit-button"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^MNIST test digit #\d+: a \d\.$/.test(document.querySelector('[data-testid="picked-note"]').textContent));
  const label = (await page.locator('[data-testid="picked-note"]').textContent()).match(/a (\d)\.$/)[1];
  await page.waitForFunction(() => /model reads \d/.test(document.querySelector('#announcer').textContent));
  assert.match(await page.locator('[data-testid="announcer"]').textContent(), /^The CNN model reads \d, \d+% sure\.$/);
  assert.equal(await page.locator('[data-testid="prediction"]').textContent(), label, 'the CNN reads the test digit right');

  // Training reports progress 4 to 10 times a second; the live region changes at most about once a second. The
  // run lasts several seconds (on two threads, 6 epochs of 10k took about 1.3 s, and its one chance to announce
  // progress could fall after the end; 20 epochs were still too few on a fast machine), so several
  // announcements fall within it.
  await page.selectOption('[data-testid="subset-size"]', '10000');
  await page.selectOption('#test-size', '1000');
  await page.fill('input[name="epochs"]', '60');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => /^(Finished|Training stopped)/.test(document.querySelector('[data-testid="train-status"]').textContent), null, { timeout: 60000 });
  await page.waitForTimeout(1100);
  const announcements = await page.evaluate(() => window.announcements);
  assert.ok(announcements.some((a) => /^Training: \d+% done/.test(a.text)), `progress was announced: ${JSON.stringify(announcements)}`);
  assert.match(announcements.at(-1).text, /^(Finished|The TRAINED|The trained)/);
  for (let i = 1; i < announcements.length; i++) {
    assert.ok(announcements[i].at - announcements[i - 1].at >= 900, `two announcements ${Math.round(announcements[i].at - announcements[i - 1].at)} ms apart`);
  }
});

test('with reduced motion asked for, nothing on the page animates', async () => {
  const moving = await page.$$eval('*', (els) => els.filter((e) => {
    const s = getComputedStyle(e);
    return parseFloat(s.transitionDuration) > 0 || (s.animationName !== 'none' && parseFloat(s.animationDuration) > 0);
  }).length);
  assert.equal(moving, 0);
});

test('no console errors', () => assert.deepEqual(errors, []));
