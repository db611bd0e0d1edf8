// End to end: a run's settings live in the page's URL, so opening the same link and pressing Train gives the
// same run (same seed, same data order: the same test loss and accuracy at every epoch); a link with a bad
// setting says which, and uses the preset's value.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, serveSite } from './browser.mjs';

let server, browser;
before(async () => {
  server = await serveSite();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

async function trainAndRecord(url) {
  const { page, context, errors } = await openPage(browser, url);
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 60000 });
  const epochEnds = await page.evaluate(() => window.scratchnetDebug.events
    .filter((e) => e.type === 'evaluated' && Number.isInteger(e.epoch))
    .map((e) => ({ epoch: e.epoch, loss: e.evaluation.loss, accuracy: e.evaluation.accuracy })));
  assert.deepEqual(errors, []);
  await context.close();
  return epochEnds;
}

test('changing a setting puts it in the URL, and the same link trains the same run again', async () => {
  const { page, context } = await openPage(browser, `${server.url}?debug`);
  await page.selectOption('[data-testid="subset-size"]', '1000');
  await page.selectOption('#test-size', '1000');
  await page.fill('input[name="epochs"]', '3');
  await page.dispatchEvent('input[name="epochs"]', 'change');
  await page.fill('input[name="seed"]', '7');
  await page.dispatchEvent('input[name="seed"]', 'change');
  await page.check('input[name="augment"]');
  const link = new URL(page.url());
  await context.close();
  assert.equal(link.searchParams.get('train'), '1000');
  assert.equal(link.searchParams.get('epochs'), '3');
  assert.equal(link.searchParams.get('seed'), '7');
  assert.equal(link.searchParams.get('augment'), 'on');
  assert.equal(link.searchParams.get('preset'), 'mlp');

  const { page: opened, context: openedContext } = await openPage(browser, link.href);
  await opened.waitForFunction(() => document.querySelector('input[name="seed"]').value === '7');
  assert.equal(await opened.inputValue('[data-testid="subset-size"]'), '1000');
  assert.equal(await opened.inputValue('input[name="epochs"]'), '3');
  assert.equal(await opened.isChecked('input[name="augment"]'), true);
  await openedContext.close();

  const first = await trainAndRecord(link.href);
  const second = await trainAndRecord(link.href);
  assert.equal(first.length, 3);
  assert.deepEqual(second, first);
});

test('a link with an invalid setting says which one and uses the preset for it', async () => {
  const { page, context, errors } = await openPage(browser, `${server.url}?preset=cnn&lr=fast&epochs=2&optimizer=magic`);
  await page.waitForFunction(() => document.querySelector('input[name="epochs"]').value === '2');
  assert.match(await page.locator('[data-testid="train-status"]').textContent(), /optimizer, lr settings were not valid/);
  assert.equal(await page.inputValue('[data-testid="preset"]'), 'cnn');
  assert.equal(await page.inputValue('input[name="lr"]'), '0.002');
  assert.equal(await page.inputValue('select[name="optimizer"]'), 'adam');
  assert.deepEqual(errors, []);
  await context.close();
});
