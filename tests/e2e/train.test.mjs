// End to end: training in the tab on a downloaded subset, drawing while it trains, pause and resume, and the
// trained model surviving a reload (IndexedDB) with its data not downloaded again (Cache API).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { drawDigit, launchBrowser, openPage, predictionAfterDrawing, screenshot, serveSite } from './browser.mjs';

let server, browser, page, errors, context;
before(async () => {
  server = await serveSite();
  browser = await launchBrowser();
  ({ page, errors, context } = await openPage(browser, server.url));
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const status = () => page.locator('[data-testid="train-status"]').textContent();

test('training on 5,000 digits for 2 epochs passes 90% test accuracy, and drawing works meanwhile', async () => {
  await page.selectOption('[data-testid="subset-size"]', '5000');
  await page.fill('input[name="epochs"]', '2');
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  await page.click('[data-testid="train-start"]');
  // (A fast machine may finish the run's 10,000 digits before the status is looked at.)
  await page.waitForFunction(() => /^(Epoch|Finished)/.test(document.querySelector('[data-testid="train-status"]').textContent));
  // While it trains, the network being trained reads the drawing (what it reads this early in the run varies)...
  const one = { left: 100, top: 40, width: 60, height: 200 };
  await drawDigit(page, '1', one);
  assert.match(await predictionAfterDrawing(page), /^\d$/);
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 60000 });
  const accuracy = parseFloat(await page.locator('[data-testid="test-accuracy"]').textContent());
  assert.ok(accuracy > 90, `test accuracy ${accuracy}%`);
  // ...and, trained, it reads it right.
  await page.click('[data-testid="clear-button"]');
  await drawDigit(page, '1', one);
  assert.equal(await predictionAfterDrawing(page), '1');
  assert.match(await page.locator('#results').textContent(), /Test accuracy .*±/);
  await screenshot(page, 'trained-5000');
  // The page stays responsive while downloading and training. The aim is no main-thread task over 50 ms; on a
  // 2-core machine whose other core the training worker fills, a short task is sometimes descheduled and seen as
  // 50-110 ms of wall time, so the test prints every task over 50 ms and fails only on one over 250 ms
  // (real blocking work, such as training on the main thread, would show as seconds).
  const longTasks = await page.evaluate(() => window.longTasks);
  console.log(`main-thread tasks over 50 ms during training: ${JSON.stringify(longTasks.map(Math.round))}`);
  assert.ok(longTasks.every((d) => d < 250), `long main-thread tasks: ${longTasks}`);
});

test('a confusion-matrix cell opens a gallery of exactly those test digits, and one of them goes on the pad', async () => {
  // The largest off-diagonal cell: the commonest confusion.
  const cells = await page.$$eval('#results button.cell', (buttons) => buttons.map((b) => ({
    truth: Number(b.dataset.true), predicted: Number(b.dataset.predicted), n: Number(b.textContent) })));
  const worst = cells.filter((c) => c.truth !== c.predicted).sort((a, b) => b.n - a.n)[0];
  await page.click(`#results button.cell[data-true="${worst.truth}"][data-predicted="${worst.predicted}"]`);
  await page.waitForSelector('[data-testid="gallery"]:not([hidden]) .gallery-item');
  const heading = await page.locator('[data-testid="gallery"] h3').textContent();
  assert.match(heading, new RegExp(`^${worst.truth}s read as ${worst.predicted}: ${worst.n} digits?`));
  const captions = await page.locator('.gallery-item span').allTextContents();
  assert.equal(captions.length, Math.min(worst.n, 40));
  for (const c of captions) assert.match(c, new RegExp(`^${worst.truth} → ${worst.predicted} · \\d+%$`));
  await screenshot(page, 'gallery-confusion');

  await page.click('.gallery-item >> nth=0');
  assert.match(await predictionAfterDrawing(page), /^\d$/);
  await page.waitForFunction(() => document.querySelector('[data-testid="reading-cnn"]').textContent !== '');

  await page.click('[data-testid="confidently-wrong"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="gallery"] h3').textContent.startsWith('The most confidently wrong'));
  const sureness = (await page.locator('.gallery-item span').allTextContents()).map((c) => {
    const [, label, read, sure] = c.match(/^(\d) → (\d) · (\d+)%$/);
    assert.notEqual(label, read);
    return Number(sure);
  });
  assert.deepEqual(sureness, [...sureness].sort((a, b) => b - a), 'most confident first');
});

test('the trained model downloads as a model file that loads back', async () => {
  await page.check('#model-trained');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="model-download"]')]);
  const path = await download.path();
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 4).toString(), 'SCNM');
  assert.equal(bytes.length, 4 + 4 + 12 + 4 + 3 * 16 + 8 + 101770 * 4 + 4);  // 784-128-10 with its header
  await page.setInputFiles('[data-testid="model-upload"]', path);
  await page.waitForFunction(() => document.querySelector('#model-message').textContent.startsWith('Loaded'));
  assert.match(await page.locator('#model-message').textContent(), /784-128-10, 101,770 parameters/);
});

test('pause stops progress and resume finishes the run', async () => {
  await page.fill('input[name="epochs"]', '100');  // far longer than the test, even on a fast machine
  await page.selectOption('[data-testid="subset-size"]', '10000');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => /Epoch/.test(document.querySelector('[data-testid="train-status"]').textContent));
  await page.click('[data-testid="train-pause"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Paused'));
  const before = await status();
  await page.waitForTimeout(600);
  assert.equal(await status(), before, 'progress moved while paused');
  assert.equal(await page.locator('[data-testid="train-pause"]').textContent(), 'Resume');
  await page.click('[data-testid="train-pause"]');
  await page.waitForFunction((b) => {
    const now = document.querySelector('[data-testid="train-status"]').textContent;
    return now.startsWith('Epoch') && now !== b.replace(/^Paused\. /, '');
  }, before);
  await page.click('#train-reset');  // stop this long run; its weights stay as the trained model
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Stopped'));
});

test('after a reload the trained model is still there, and the data is not downloaded again', async () => {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('#model-trained').isDisabled(), false);
  await page.check('#model-trained');
  await drawDigit(page, '7', { left: 60, top: 40, width: 150, height: 200 });
  assert.equal(await predictionAfterDrawing(page), '7');

  const downloads = [];
  page.on('request', (r) => r.url().endsWith('.idx.gz') && downloads.push(r.url()));
  await page.selectOption('[data-testid="subset-size"]', '5000');
  await page.fill('input[name="epochs"]', '1');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 60000 });
  assert.deepEqual(downloads, []);
});

test('the page runs the multi-threaded build by default and trains on every thread offered (2 on 2 cores)', async () => {
  const { page: mt, errors: mtErrors, context: mtContext } = await openPage(browser, server.url);
  assert.match(await mt.locator('#build-info').textContent(), /multi-threaded/);
  const threads = await mt.locator('#threads option').last().getAttribute('value');
  assert.equal(await mt.inputValue('#threads'), threads, 'every core is offered, and chosen');
  await mt.selectOption('[data-testid="subset-size"]', '5000');
  await mt.fill('input[name="epochs"]', '2');
  await mt.click('[data-testid="train-start"]');
  await mt.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 60000 });
  const accuracy = parseFloat(await mt.locator('[data-testid="test-accuracy"]').textContent());
  assert.ok(accuracy > 90, `test accuracy ${accuracy}%`);
  assert.deepEqual(mtErrors, []);
  await mtContext.close();

  const { page: single, errors: singleErrors, context: singleContext } = await openPage(browser, `${server.url}?build=single`);
  assert.match(await single.locator('#build-info').textContent(), /single-threaded/);
  assert.equal(await single.locator('#threads option').count(), 1);
  assert.match(await single.locator('#threads-note').textContent(), /build=single/);
  assert.deepEqual(singleErrors, []);
  await singleContext.close();
});

test('a CNN trains in the tab, reads a drawing, and its model file loads back as a CNN', async () => {
  await page.selectOption('[data-testid="preset"]', 'cnn');
  assert.equal(await page.inputValue('input[name="lr"]'), '0.002', 'choosing the cnn preset fills in its settings');
  assert.equal(await page.inputValue('input[name="epochs"]'), '6');
  await page.selectOption('[data-testid="subset-size"]', '5000');
  await page.selectOption('#test-size', '1000');
  await page.fill('input[name="epochs"]', '2');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 90000 });
  const accuracy = parseFloat(await page.locator('[data-testid="test-accuracy"]').textContent());
  assert.ok(accuracy > 90, `CNN test accuracy ${accuracy}%`);
  assert.equal(await page.isChecked('#model-trained'), true);
  assert.match(await page.locator('#model-info').textContent(), /Trained here: .*conv2d 16 5x5.*80,202 parameters/);
  await drawDigit(page, '7', { left: 60, top: 40, width: 150, height: 200 });
  assert.equal(await predictionAfterDrawing(page), '7');
  await screenshot(page, 'trained-cnn');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="model-download"]')]);
  assert.equal(download.suggestedFilename(), 'scratchnet-trained.bin');
  const path = await download.path();
  assert.equal(readFileSync(path).length, 4 + 4 + 12 + 4 + 9 * 16 + 8 + 80202 * 4 + 4);  // the CNN with its header
  await page.check('input[name="model"][value="mlp"]');
  await page.setInputFiles('[data-testid="model-upload"]', path);
  await page.waitForFunction(() => document.querySelector('#model-message').textContent.startsWith('Loaded'));
  assert.match(await page.locator('#model-message').textContent(), /conv2d 16 5x5 valid.*80,202 parameters/);
  assert.equal(await page.isChecked('#model-trained'), true, 'loading a model file switches to it');
});

test('no console errors', () => assert.deepEqual(errors, []));
