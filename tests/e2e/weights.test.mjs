// End to end: the weights view shows what the reading model's first layer has learned — the CNN's filters,
// the MLP's 128 units as 28×28 images — and it changes while the network trains.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, screenshot, serveSite } from './browser.mjs';

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
  await page.fill('input[name="epochs"]', '4');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => /Epoch/.test(document.querySelector('[data-testid="train-status"]').textContent));
  await page.waitForTimeout(700);
  const early = await picture();
  await page.waitForTimeout(1300);
  const later = await picture();
  assert.notEqual(later, early, 'the weights picture did not change during training');
  await screenshot(page, 'weights-training');
  await page.click('#train-reset');
  await page.waitForFunction(() => /^(Stopped|Finished)/.test(document.querySelector('[data-testid="train-status"]').textContent));
});

test('no console errors', () => assert.deepEqual(errors, []));
