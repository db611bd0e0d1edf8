// Training in the tab for the benchmark scripts, the way a user starts it: the form's settings, then Start.
// The page must be open with ?debug, whose event log (window.scratchnetDebug.events) the scripts read.

// Sets the form for a run of `epochs` over all 60k digits (threads: leave it out for the page's default) and
// clears the event log for it; Start is left to the caller.
export async function fillTrainingForm(page, { preset = 'mlp', batch = 64, epochs, threads }) {
  await page.evaluate(() => { window.scratchnetDebug.events.length = 0; });
  if (threads) await page.selectOption('#threads', String(threads));
  await page.selectOption('[data-testid="subset-size"]', '60000');
  await page.selectOption('#preset', preset);
  await page.fill('input[name="batch"]', String(batch));
  await page.fill('input[name="epochs"]', String(epochs));
}

// Starts such a run.
export async function startTraining(page, settings) {
  await fillTrainingForm(page, settings);
  await page.click('[data-testid="train-start"]');
}

// What the status line (data-testid="train-status") begins with once a run has ended, as a RegExp source: pages
// compile it themselves (page.evaluate passes strings).
export const RUN_ENDED = '^(Finished|Training stopped)';

// Waits for the run to end (at most `minutes`); returns the events the page logged since it started.
export async function finishTraining(page, { minutes = 10 } = {}) {
  await page.waitForFunction((ended) => new RegExp(ended).test(document.querySelector('[data-testid="train-status"]').textContent), RUN_ENDED, { timeout: minutes * 60000, polling: 250 });
  return page.evaluate(() => window.scratchnetDebug.events);
}
