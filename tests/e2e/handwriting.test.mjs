// End to end: the model the page reads with by default reads at least 97% of our own drawn test set — every
// digit in many styles (crossed 7s, 1s with flag and foot, open 4s, 9s with curved tails, …), small and large,
// off-centre, slanted, thin and thick pens, mouse and touch — drawn with pointer strokes on the real page.
// (tests/handwriting/measure.mjs prints the same figures in full, for every model.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, serveSite } from './browser.mjs';
import { drawnDigitSet } from '../handwriting/digit_styles.mjs';
import { readDrawnDigits, score } from '../handwriting/read_drawn_digits.mjs';

let server, browser, page, errors;
before(async () => {
  server = await serveSite();
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, `${server.url}?debug`, {
    context: await browser.newContext({ viewport: { width: 1280, height: 1000 }, hasTouch: true }),
  }));
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('the default model reads at least 97% of our pointer-drawn digits', async () => {
  const defaultModel = await page.locator('input[name="model"]:checked').getAttribute('value');
  const results = await readDrawnDigits(page, drawnDigitSet());
  for (const model of ['cnn', 'mlp']) {
    const s = score(results, model);
    console.log(`${model}: ${s.right}/${s.total} = ${(100 * s.accuracy).toFixed(1)}%; misreads: ${s.misreads.map((m) => `${m.name}→${m.read}`).join(', ')}`);
  }
  const { accuracy, right, total } = score(results, defaultModel);
  assert.ok(accuracy >= 0.97, `the default model (${defaultModel}) read ${right} of ${total} drawn digits`);
});

test('no console errors', () => assert.deepEqual(errors, []));
