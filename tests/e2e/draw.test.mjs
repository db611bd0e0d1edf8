// End to end, in Debian's Chromium: the page loads with the pretrained model and reads digits drawn with
// pointer strokes, off-centre and at different sizes; an empty canvas shows no prediction.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { drawDigit, drawDigitByTouch, launchBrowser, openPage, predictionAfterDrawing, screenshot, serveSite } from './browser.mjs';

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

async function clear() {
  await page.click('[data-testid="clear-button"]');
  assert.equal(await page.locator('[data-testid="prediction"]').textContent(), '');
}

test('an empty canvas shows no prediction', async () => {
  assert.equal(await page.locator('[data-testid="prediction"]').textContent(), '');
  assert.equal(await page.locator('[data-testid="prob-3"]').textContent(), '0%');
});

const DRAWINGS = [
  { digit: '1', key: '1', box: { left: 30, top: 20, width: 60, height: 150 } },     // small, top-left
  { digit: '1', key: '1-flag', box: { left: 120, top: 40, width: 110, height: 220 } },
  { digit: '0', key: '0', box: { left: 110, top: 90, width: 150, height: 180 } },   // bottom-right
  { digit: '0', key: '0', box: { left: 20, top: 20, width: 90, height: 110 } },     // small
  { digit: '7', key: '7', box: { left: 40, top: 30, width: 150, height: 200 } },
  { digit: '7', key: '7', box: { left: 150, top: 150, width: 100, height: 120 } },  // small, bottom-right
];

for (const { digit, key, box } of DRAWINGS) {
  test(`a ${key} drawn at (${box.left}, ${box.top}), ${box.width}x${box.height} px, is read as ${digit}`, async () => {
    await clear();
    await drawDigit(page, key, box);
    assert.equal(await predictionAfterDrawing(page), digit);
    const top = await page.locator(`[data-testid="prob-${digit}"]`).textContent();
    assert.ok(parseFloat(top) > 50, `probability of ${digit} is ${top}`);
    await screenshot(page, `draw-${key}-${box.left}-${box.top}`);
  });
}

test('a 7 drawn with a finger (touch events) is read as 7, and the page does not scroll', async () => {
  const context = await browser.newContext({ viewport: { width: 400, height: 900 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const { page: phone, errors: phoneErrors } = await openPage(browser, server.url, { context });
  const scrollBefore = await phone.evaluate(() => window.scrollY);
  await drawDigitByTouch(phone, '7', { left: 50, top: 40, width: 150, height: 200 });
  assert.equal(await predictionAfterDrawing(phone), '7');
  assert.equal(await phone.evaluate(() => window.scrollY), scrollBefore);
  await screenshot(phone, 'draw-touch-phone');
  assert.deepEqual(phoneErrors, []);
  await context.close();
});

test('the prediction updates while the stroke is still being drawn', async () => {
  await clear();
  const canvas = await page.locator('[data-testid="draw-canvas"]').boundingBox();
  await page.mouse.move(canvas.x + 140, canvas.y + 40);
  await page.mouse.down();
  await page.mouse.move(canvas.x + 140, canvas.y + 240, { steps: 20 });
  await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]').textContent !== '');
  await page.mouse.up();
});

test('both pretrained models read the same drawing side by side, and the radio picks whose answer is shown big', async () => {
  await clear();
  assert.equal(await page.isChecked('input[name="model"][value="cnn"]'), true, 'the CNN reads by default');
  assert.match(await page.locator('#model-info').textContent(), /conv2d/);
  await drawDigit(page, '4', { left: 60, top: 40, width: 150, height: 200 });
  assert.equal(await predictionAfterDrawing(page), '4');
  await page.waitForFunction(() => document.querySelector('[data-testid="reading-mlp"]').textContent !== '');
  assert.match(await page.locator('[data-testid="reading-cnn"]').textContent(), /reads 4 · [\d.]+% sure/);
  assert.match(await page.locator('[data-testid="reading-mlp"]').textContent(), /reads \d · [\d.]+% sure/);
  assert.equal(await page.locator('[data-testid="reading-trained"]').textContent(), '', 'no trained model yet');
  // The big view then shows the MLP's answer: its digit, and its certainty (or its doubt).
  const [, mlpDigit, mlpSure] = (await page.locator('[data-testid="reading-mlp"]').textContent()).match(/reads (\d) · ([\d.]+%) sure/);
  await page.check('input[name="model"][value="mlp"]');
  assert.match(await page.locator('#model-info').textContent(), /784-128-10/);
  await page.waitForFunction(([digit, sure]) => document.querySelector('[data-testid="prediction"]').textContent === digit &&
    document.querySelector('#prediction-note').textContent.includes(sure), [mlpDigit, mlpSure]);
  await screenshot(page, 'draw-compare-models');
  await page.check('input[name="model"][value="cnn"]');
});

test('any loaded model can be analysed on demand: the pretrained CNN on the test digits, with its galleries', async () => {
  await page.check('input[name="model"][value="cnn"]');
  await page.selectOption('#test-size', '1000');
  await page.click('[data-testid="model-analyse"]');
  await page.waitForFunction(() => /reads [\d.]+% of 1,000 test digits/.test(document.querySelector('#model-message').textContent), null, { timeout: 30000 });
  const accuracy = parseFloat((await page.locator('#model-message').textContent()).match(/reads ([\d.]+)%/)[1]);
  assert.ok(accuracy > 98, `the pretrained CNN reads ${accuracy}%`);
  assert.match(await page.locator('#results .final-accuracy').textContent(), /on 1000 test digits/);
  await page.click('#results button.cell[data-true="3"][data-predicted="3"]');
  await page.waitForFunction(() => /^3s read right: \d+ digits/.test(document.querySelector('[data-testid="gallery"] h3')?.textContent ?? ''));
  await page.click('[data-testid="clear-button"]');
});

test('Escape clears the drawing and the prediction', async () => {
  await drawDigit(page, '7');
  await predictionAfterDrawing(page);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid="prediction"]').textContent(), '');
});

test('no console errors (including Content-Security-Policy violations)', () => {
  assert.deepEqual(errors, []);
});
