// Draws every digit of our drawn test set on the real page (mouse or touch strokes, the page's own pens) and
// collects what each model reads. Shared by the end-to-end test and the measuring script (measure.mjs).
import { drawStrokes, touchStrokes } from '../e2e/browser.mjs';

// page: opened with ?debug. Returns [{ name, style, variant, digit, readings: { cnn: [10], mlp: [10], … } }].
export async function readDrawnDigits(page, set) {
  const results = [];
  for (const sample of set) {
    await page.click('[data-testid="clear-button"]');
    await page.selectOption('[data-testid="pen-size"]', sample.variant.pen ?? 'medium');
    await (sample.variant.touch ? touchStrokes : drawStrokes)(page, sample.strokes, sample.variant);
    // The readings of exactly this drawing: the prediction whose drawing version is the pad's current one.
    const handle = await page.waitForFunction(() => {
      const d = window.scratchnetDebug;
      return d.readings && d.readings.version === d.drawingVersion() && d.readings;
    });
    const { version, ...readings } = await handle.jsonValue();
    results.push({ name: sample.name, style: sample.style, variant: sample.variant.name, digit: sample.digit, readings });
  }
  return results;
}

export const argmax = (p) => p.reduce((best, v, i) => (v > p[best] ? i : best), 0);

// Accuracy of one model over results, overall and by digit, style and variant; and its misreads.
export function score(results, model) {
  const tally = (key) => {
    const groups = {};
    for (const r of results) {
      const g = (groups[r[key]] ??= { right: 0, total: 0 });
      g.total++;
      if (argmax(r.readings[model]) === r.digit) g.right++;
    }
    return groups;
  };
  const right = results.filter((r) => argmax(r.readings[model]) === r.digit).length;
  return {
    accuracy: right / results.length, right, total: results.length,
    byDigit: tally('digit'), byStyle: tally('style'), byVariant: tally('variant'),
    misreads: results.filter((r) => argmax(r.readings[model]) !== r.digit)
      .map((r) => ({ name: r.name, read: argmax(r.readings[model]), p: Number(Math.max(...r.readings[model]).toFixed(3)) })),
  };
}
