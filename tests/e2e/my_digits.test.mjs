// End to end: "Teach it your handwriting". Someone who writes in mirror writing (every digit flipped left to
// right, as many children and a few adults write) draws 8 of each digit with pointer strokes, as the page
// prompts; every 4th is held out. Fine-tuning a pretrained model on the rest must read the held-out drawings
// much better, without forgetting much of MNIST. The collection survives a reload, exports and re-imports, refuses a
// bad file with a message, and deletes; the fine-tuned model survives a reload and downloads. (The MLP is
// fine-tuned first, then the pretrained CNN, the last one kept.)
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { drawStrokes, launchBrowser, openPage, screenshot, serveSite } from './browser.mjs';
import { STYLES, VARIANTS, wobble } from '../handwriting/digit_styles.mjs';

const ROUNDS = 8;  // drawings of each digit
const VARIANT_ORDER = ['normal', 'small', 'large', 'top-left', 'bottom-right', 'slant-right', 'slant-left', 'thick-pen'];
const STYLES_OF = Array.from({ length: 10 }, (_, d) => Object.values(STYLES).filter((s) => s.digit === d));

// The `round`-th mirror-written drawing of `digit`: a style of that digit flipped left to right, drawn in a
// variant (size, place, slant, pen) that differs from round to round and from digit to digit.
function mirrored(digit, round) {
  const styles = STYLES_OF[digit];
  const style = styles[(round + digit) % styles.length];
  const variant = VARIANTS[VARIANT_ORDER[(round + 3 * digit) % VARIANT_ORDER.length]];
  const strokes = wobble(style.strokes, 1000 + digit * 10 + round).map((s) => s.map(([x, y]) => [1 - x, y]));
  return { strokes, variant };
}

let server, browser, page, errors, context;
before(async () => {
  server = await serveSite();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, serviceWorkers: 'block', acceptDownloads: true });
  ({ page, errors } = await openPage(browser, `${server.url}?debug`, { context }));
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const text = (id) => page.locator(`[data-testid="${id}"]`).textContent();
const count = async () => Number((await text('my-digits-count')).match(/Your digits: (\d+)/)?.[1] ?? 0);
// Waits until the collection shows `n` digits (and IndexedDB has been written: the message comes after).
const countReaches = (n) => page.waitForFunction((n) => document.querySelector('[data-testid="my-digits-count"]').textContent
  .startsWith(n ? `Your digits: ${n} ` : 'Your digits: none yet'), n);

async function download(testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  const path = `/tmp/scratchnet-e2e-${file.suggestedFilename()}`;
  await file.saveAs(path);
  return { path, name: file.suggestedFilename() };
}

test('the page prompts for each digit in turn and keeps every drawing, labelled', async () => {
  for (let i = 0; i < 10 * ROUNDS; i++) {
    const digit = Number(await text('teach-prompt'));
    assert.equal(digit, i % 10, 'the page asks for 0, 1, … 9 in turn');
    const { strokes, variant } = mirrored(digit, Math.floor(i / 10));
    await page.selectOption('[data-testid="pen-size"]', variant.pen ?? 'medium');
    await drawStrokes(page, strokes, variant);
    await page.click('[data-testid="teach-save"]');
    await countReaches(i + 1);
  }
  assert.match(await text('my-digits-count'), /^Your digits: 80 \(20 held out\) · 0: 8, 1: 8/);
  assert.equal(await page.locator('[data-testid="fine-tune"]').isEnabled(), true);
});

// Fine-tunes the model whose radio is `model` and returns the before/after rows of the teach panel's table.
async function fineTune(model) {
  await page.check(`input[name="model"][value="${model}"]`);
  await page.click('[data-testid="fine-tune"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Fine-tuned.'), null, { timeout: 200000 });
  const cells = async (row) => page.locator(`[data-testid="${row}"] td`).allTextContents();
  const mine = await cells('fine-tune-mine'), mnist = await cells('fine-tune-mnist');
  console.log(`${model}: held-out mirror writing ${mine.join(' → ')}; MNIST test ${mnist.join(' → ')}`);
  const right = (cell) => Number(cell.match(/^(\d+) of 20/)[1]);
  return { mine: mine.map(right), mnist: mnist.map((c) => parseFloat(c)) };
}

for (const [model, forgets] of [['mlp', 1], ['cnn', 0.6]]) {
  test(`fine-tuning the ${model.toUpperCase()} on mirror writing reads held-out mirror writing better and keeps MNIST`, { timeout: 240000 }, async () => {
    await page.selectOption('[data-testid="pen-size"]', 'medium');
    const { mine: [mineBefore, mineAfter], mnist: [mnistBefore, mnistAfter] } = await fineTune(model);
    await screenshot(page, `my-digits-fine-tuned-${model}`);
    assert.ok(mineBefore <= 14, `the pretrained ${model} already read ${mineBefore} of 20 mirror-written digits: not an unusual style`);
    assert.ok(mineAfter >= mineBefore + 5, `held-out mirror writing: ${mineBefore} → ${mineAfter} of 20`);
    assert.ok(mnistAfter >= mnistBefore - forgets, `MNIST test accuracy fell from ${mnistBefore}% to ${mnistAfter}%`);
    assert.equal(await page.locator('input[name="model"][value="trained"]').isChecked(), true, 'the fine-tuned model reads the drawings');
    assert.equal(await page.locator('#trained-name').textContent(), 'fine-tuned here');
  });
}

test('the digits and the fine-tuned model survive a reload; the model downloads', async () => {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await countReaches(80);
  assert.equal(await page.locator('#trained-name').textContent(), 'fine-tuned here');
  await page.check('input[name="model"][value="trained"]');
  const model = await download('model-download');
  assert.equal(model.name, 'scratchnet-trained.bin');
  assert.ok((await readFile(model.path)).length > 300000, 'a CNN model file');
});

test('the collection exports, deletes, re-imports, and refuses a bad file with a message', async () => {
  await page.click('[data-testid="my-digits-count"]');  // opens the collection
  const exported = await download('my-digits-export');
  const file = JSON.parse(await readFile(exported.path, 'utf8'));
  assert.equal(file.format, 'scratchnet-digits');
  assert.equal(file.digits.length, 80);
  assert.deepEqual(file.digits.slice(0, 3).map((d) => d.label), [0, 1, 2]);

  await page.click('[data-testid="my-digits-grid"] li:first-child .delete-digit');
  await countReaches(79);
  await page.click('[data-testid="my-digits-delete-all"]');
  assert.equal(await count(), 79, 'the first press only asks');
  await page.click('[data-testid="my-digits-delete-all"]');
  await countReaches(0);
  assert.equal(await page.locator('[data-testid="fine-tune"]').isEnabled(), false);

  await page.setInputFiles('[data-testid="my-digits-import"]', exported.path);
  await page.waitForFunction(() => document.querySelector('[data-testid="teach-message"]').textContent.startsWith('Imported'));
  assert.equal(await count(), 80);
  assert.match(await text('teach-message'), /^Imported 80 digits from scratchnet-e2e-my-digits\.json\./);
  await page.setInputFiles('[data-testid="my-digits-import"]', exported.path);
  await page.waitForFunction(() => /\(80 already here\)/.test(document.querySelector('[data-testid="teach-message"]').textContent));
  assert.equal(await count(), 80);

  const bad = structuredClone(file);
  bad.digits[6].label = 12;
  await writeFile('/tmp/scratchnet-e2e-bad-digits.json', JSON.stringify(bad));
  await page.setInputFiles('[data-testid="my-digits-import"]', '/tmp/scratchnet-e2e-bad-digits.json');
  await page.waitForFunction(() => document.querySelector('[data-testid="teach-message"]').classList.contains('error'));
  assert.equal(await text('teach-message'), 'scratchnet-e2e-bad-digits.json was not imported: digit 7: its label 12 is not a digit from 0 to 9. Your digits are unchanged.');
  bad.digits[6].label = 3;
  bad.digits[2].pixels = bad.digits[2].pixels.slice(0, 100);
  await writeFile('/tmp/scratchnet-e2e-bad-digits.json', JSON.stringify(bad));
  await page.setInputFiles('[data-testid="my-digits-import"]', '/tmp/scratchnet-e2e-bad-digits.json');
  await page.waitForFunction(() => /digit 3: its image has \d+ pixels, not 784/.test(document.querySelector('[data-testid="teach-message"]').textContent));
  await writeFile('/tmp/scratchnet-e2e-bad-digits.json', 'not json at all');
  await page.setInputFiles('[data-testid="my-digits-import"]', '/tmp/scratchnet-e2e-bad-digits.json');
  await page.waitForFunction(() => /\(it is not JSON\)/.test(document.querySelector('[data-testid="teach-message"]').textContent));
  assert.equal(await count(), 80, 'nothing was half-imported');

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await countReaches(80);
});

test('no console errors', () => assert.deepEqual(errors, []));
