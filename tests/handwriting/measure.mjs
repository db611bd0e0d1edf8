// Measures how well each shipped model reads our drawn test set (tests/handwriting/digit_styles.mjs), drawn
// with pointer strokes on the real page in Debian's Chromium. Prints a table and writes
// handwriting-results.json in the current folder. Run after ./build_wasm.sh:
//   node tests/handwriting/measure.mjs [other-model.bin …]
// Each other model file is loaded into the page (as "trained here") and read with the shipped ones, e.g. to
// see what augmentation buys: build/scratchnet train --augment off --out plain.bin, then measure plain.bin.
import { basename } from 'node:path';
import { writeFileSync } from 'node:fs';
import { launchBrowser, openPage, serveSite } from '../e2e/browser.mjs';
import { drawnDigitSet } from './digit_styles.mjs';
import { readDrawnDigits, score } from './read_drawn_digits.mjs';

const extraFiles = process.argv.slice(2);
const MODELS = ['cnn', 'mlp', ...extraFiles.map((f) => basename(f, '.bin'))];
const server = await serveSite();
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, `${server.url}?debug`, {
    context: await browser.newContext({ viewport: { width: 1280, height: 1000 }, hasTouch: true }),
  });
  const set = drawnDigitSet();
  const started = Date.now();
  const results = await readDrawnDigits(page, set);
  for (const file of extraFiles) {  // read the set again with each other model as the trained one
    await page.setInputFiles('[data-testid="model-upload"]', file);
    await page.waitForFunction(() => /^Loaded|not loaded/.test(document.querySelector('#model-message').textContent));
    const again = await readDrawnDigits(page, set);
    again.forEach((r, i) => { results[i].readings[basename(file, '.bin')] = r.readings.trained; });
  }
  const scores = Object.fromEntries(MODELS.map((m) => [m, score(results, m)]));
  const pct = (g) => `${((100 * g.right) / g.total).toFixed(0)}%`.padStart(5);

  console.log(`\n${set.length} drawn digits (${Object.keys(scores.cnn.byStyle).length} styles × ${Object.keys(scores.cnn.byVariant).length} variants), drawn in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  console.log(`${'model'.padEnd(14)}${MODELS.map((m) => m.padStart(8)).join('')}`);
  console.log(`${'all'.padEnd(14)}${MODELS.map((m) => `${(100 * scores[m].accuracy).toFixed(1)}%`.padStart(8)).join('')}`);
  for (const key of ['byDigit', 'byVariant', 'byStyle']) {
    console.log(`\n${key.slice(2).toLowerCase()}`);
    for (const group of Object.keys(scores.cnn[key])) {
      console.log(`  ${group.padEnd(12)}${MODELS.map((m) => pct(scores[m][key][group]).padStart(8)).join('')}`);
    }
  }
  for (const m of MODELS) {
    console.log(`\n${m} misreads: ${scores[m].misreads.map((x) => `${x.name}→${x.read}`).join(', ') || 'none'}`);
  }
  writeFileSync('handwriting-results.json', JSON.stringify({ count: set.length, scores, results }, null, 1));
  console.log('\nwrote handwriting-results.json');
} finally {
  await browser.close();
  server.stop();
}
