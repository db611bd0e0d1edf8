// End to end: the weights view shows what the reading model's first layer has learned — the CNN's filters,
// the MLP's 128 units as 28×28 images — and it changes while the network trains; a drawing shows which hidden
// units it lights up and which pushed the answer up, and for the CNN its feature maps.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { drawDigit, launchBrowser, openPage, predictionAfterDrawing, screenshot, serveSite } from './browser.mjs';

let server, browser, page, errors;
before(async () => {
  server = await serveSite();
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, server.url));
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const caption = () => page.locator('#weights-caption').textContent();
const picture = () => page.evaluate(() => document.querySelector('[data-testid="weights-canvas"]').toDataURL());

test('a drawing shows its hidden units, the ones that pushed the answer up, and the CNN feature maps', async () => {
  assert.match(await page.locator('[data-testid="activations-text"]').textContent(), /Draw a digit/);
  await drawDigit(page, '7', { left: 60, top: 40, width: 150, height: 200 });
  assert.equal(await predictionAfterDrawing(page), '7');
  await page.waitForFunction(() => /pushed “7” up/.test(document.querySelector('[data-testid="activations-text"]').textContent));
  assert.match(await page.locator('[data-testid="activations-text"]').textContent(),
    /^\d+ of 128 hidden units are active\. The units that pushed “7” up the most \(orange\): (#\d+ \(\+[\d.]+\)(, )?){1,5}\.$/);
  assert.equal(await page.locator('[data-testid="maps-canvas"]').isVisible(), true);
  const maps = await page.evaluate(() => { const c = document.querySelector('[data-testid="maps-canvas"]'); return [c.width, c.height]; });
  assert.deepEqual(maps, [8 * 25 - 1, 2 * 25 - 1]);  // 16 feature maps of 24×24
  await screenshot(page, 'inside-cnn');
  await page.check('input[name="model"][value="mlp"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="maps-canvas"]').hidden);
  await page.click('[data-testid="clear-button"]');
  assert.match(await page.locator('[data-testid="activations-text"]').textContent(), /Draw a digit/);
  await page.check('input[name="model"][value="cnn"]');
});

test('the weights view shows the chosen model: the CNN filters, then the MLP units', async () => {
  await page.waitForFunction(() => document.querySelector('#weights-caption').textContent !== '');
  assert.match(await caption(), /first convolution's 16 filters \(5×5\)/);
  const cnn = await picture();
  await page.check('input[name="model"][value="mlp"]');
  await page.waitForFunction(() => /128 hidden units/.test(document.querySelector('#weights-caption').textContent));
  assert.match(await caption(), /128 hidden units' 784 input weights, as a 28×28 image/);
  assert.notEqual(await picture(), cnn);
  const size = await page.evaluate(() => { const c = document.querySelector('[data-testid="weights-canvas"]'); return [c.width, c.height]; });
  assert.deepEqual(size, [16 * 29 - 1, 8 * 29 - 1]);  // 16 × 8 tiles of 28×28 with 1-pixel gaps
});

test('the weights change while the network trains', async () => {
  await page.selectOption('[data-testid="subset-size"]', '10000');
  await page.selectOption('#test-size', '1000');
  // A run far longer than the test (a million digits), stopped at its end: on a fast machine a short run could
  // finish before the first picture, and the two pictures would then both show the trained weights.
  await page.fill('input[name="epochs"]', '100');
  await page.click('[data-testid="train-start"]');
  const status = () => page.locator('[data-testid="train-status"]').textContent();
  await page.waitForFunction(() => /Epoch/.test(document.querySelector('[data-testid="train-status"]').textContent));
  await page.waitForTimeout(700);
  const early = await picture();
  await page.waitForTimeout(1300);
  const later = await picture();
  assert.match(await status(), /Epoch/, 'the run ended before the second picture: it should outlast the test');
  assert.notEqual(later, early, 'the weights picture did not change during training');
  await screenshot(page, 'weights-training');
  await page.click('#train-reset');
  await page.waitForFunction(() => /^(Stopped|Finished)/.test(document.querySelector('[data-testid="train-status"]').textContent));
});

test('no console errors', () => assert.deepEqual(errors, []));
