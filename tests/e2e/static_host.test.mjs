// End to end: on an ordinary static host (no cross-origin isolation headers) the page still works: it runs the
// single-threaded build (the multi-threaded one needs cross-origin isolation), says so, reads drawings and trains.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { drawDigit, launchBrowser, openPage, predictionAfterDrawing, serveSite } from './browser.mjs';

let server, browser;
before(async () => {
  server = await serveSite(undefined, { plainStaticHost: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('without COOP/COEP the page falls back to the single-threaded build, reads a 7 and trains', async () => {
  const { page, errors } = await openPage(browser, server.url);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
  assert.match(await page.locator('#build-info').textContent(), /single-threaded/);
  assert.match(await page.locator('#threads-note').textContent(), /cross-origin isolation/);
  assert.equal(await page.locator('#threads option').count(), 1);
  await drawDigit(page, '7', { left: 60, top: 40, width: 150, height: 200 });
  assert.equal(await predictionAfterDrawing(page), '7');
  await page.selectOption('[data-testid="subset-size"]', '1000');
  await page.fill('input[name="epochs"]', '1');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 60000 });
  assert.deepEqual(errors, []);
});
