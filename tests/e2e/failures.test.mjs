// End to end: every failure gives a clear message and loses nothing. A corrupt model upload, each kind of
// failed download, a diverging run, and a crashed worker, each followed by a check that the page still works.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { drawDigit, launchBrowser, openPage, predictionAfterDrawing, serveSite } from './browser.mjs';

let server, browser, page, errors;
before(async () => {
  server = await serveSite();
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser, `${server.url}?debug`));
});
after(async () => {
  await browser?.close();
  server?.stop();
});
beforeEach(async () => {
  await page.unrouteAll();
  await page.evaluate(() => caches.delete('scratchnet-data-v1'));  // so every test really downloads
  await page.click('[data-testid="clear-button"]');
});

const status = () => page.locator('[data-testid="train-status"]').textContent();

async function stillReads() {
  await page.click('[data-testid="clear-button"]');
  await drawDigit(page, '7', { left: 60, top: 40, width: 150, height: 200 });
  assert.equal(await predictionAfterDrawing(page), '7');
}

test('a corrupt model file is refused with a message and the current model stays', async () => {
  const path = join(tmpdir(), 'corrupt-model.bin');
  writeFileSync(path, Buffer.from('SCNM this is not really a model file, just bytes'));
  await page.setInputFiles('[data-testid="model-upload"]', path);
  await page.waitForFunction(() => document.querySelector('#model-message').textContent.includes('was not loaded'));
  assert.match(await page.locator('#model-message').textContent(), /corrupt-model\.bin was not loaded: .*model file.*unchanged/);
  assert.equal(await page.isChecked('input[name="model"][value="cnn"]'), true);
  await stillReads();
});

async function failedDownload(route, expected) {
  await page.route('**/data/train-00.idx.gz', route);
  await page.selectOption('[data-testid="subset-size"]', '1000');
  await page.selectOption('#test-size', '1000');
  await page.click('[data-testid="train-start"]');
  await page.waitForSelector('#data-retry:not([hidden])');
  assert.match(await status(), expected);
  assert.match(await status(), /pretrained models still work/);
  assert.equal(await page.locator('[data-testid="train-start"]').isDisabled(), false);
  await stillReads();
}

test('a download that 404s says so and offers Retry, which works once the server is back', async () => {
  await failedDownload((r) => r.fulfill({ status: 404, body: 'not found' }), /train-00\.idx\.gz failed: HTTP 404/);
  await page.unrouteAll();
  await page.fill('input[name="epochs"]', '1');
  await page.click('#data-retry');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 60000 });
});

test('a server that is down (connection refused) says so', async () => {
  await failedDownload((r) => r.abort('connectionrefused'), /train-00\.idx\.gz failed .*connection/i);
});

test('a truncated download is refused', async () => {
  await failedDownload(async (r) => {
    const body = await (await r.fetch()).body();
    await r.fulfill({ status: 200, body: body.subarray(0, body.length - 1000), headers: { 'Content-Type': 'application/gzip' } });
  }, /truncated/);
});

test('a corrupted download is refused', async () => {
  await failedDownload(async (r) => {
    const body = Buffer.from(await (await r.fetch()).body());
    body[body.length >> 1] ^= 0xff;
    await r.fulfill({ status: 200, body, headers: { 'Content-Type': 'application/gzip' } });
  }, /corrupted|not valid gzip/);
});

test('a diverging run (learning rate 10) stops with a message suggesting a lower rate, keeping good weights', async () => {
  await page.selectOption('[data-testid="subset-size"]', '1000');
  await page.fill('input[name="lr"]', '10');
  await page.fill('input[name="epochs"]', '20');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.includes('diverged'), null, { timeout: 60000 });
  assert.match(await status(), /lower learning rate/);
  await page.fill('input[name="lr"]', '0.002');
  await page.check('input[name="model"][value="cnn"]');
  await stillReads();
  // The kept weights are finite: the trained model still gives a prediction, not NaN.
  await page.check('#model-trained');
  await drawDigit(page, '1', { left: 120, top: 40, width: 50, height: 200 });
  assert.match(await predictionAfterDrawing(page), /^\d$/);
  assert.doesNotMatch(await page.locator('[data-testid="prob-0"]').textContent(), /NaN/);
});

test('a crashed worker is reported, and Restart brings the page back without a reload', async () => {
  await page.evaluate(() => window.scratchnetDebug.crashWorker());
  await page.waitForSelector('#banner:not([hidden])');
  assert.match(await page.locator('#banner-text').textContent(), /crashed/);
  await page.click('#banner-action');
  await page.waitForSelector('body[data-ready="true"]');
  await page.check('input[name="model"][value="cnn"]');
  await stillReads();
});

test('no console errors but the expected failed loads', () => {
  const unexpected = errors.filter((e) => !/Failed to load resource|net::ERR_CONNECTION_REFUSED/.test(e));
  assert.deepEqual(unexpected, []);
});
