// The time a user waits for a two-thread run in the tab, from Start to "Finished" (the run's training time, and
// what is not training: measuring the test set, saving the model, the page), this build's against another's,
// alternated round by round: the A/B behind a change outside the training steps.
// Usage: node tests/bench/tab_wall.mjs OTHER_DIST [epochs] [preset] [rounds] (after ./build_wasm.sh in both).
import { launchBrowser, openPage, serveSite } from '../e2e/browser.mjs';
import { RUN_ENDED, fillTrainingForm } from './tab_training.mjs';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// One run of `epochs` over all 60k digits on 2 threads, started by the Start button and timed on the page.
async function run(page, epochs, preset) {
  await fillTrainingForm(page, { preset, epochs, threads: 2 });
  const wall = await page.evaluate((ended) => new Promise((resolve) => {
    const el = document.querySelector('[data-testid="train-status"]');
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (new RegExp(ended).test(el.textContent)) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(el, { childList: true, characterData: true, subtree: true });
    document.querySelector('[data-testid="train-start"]').click();
  }), RUN_ENDED);
  const events = await page.evaluate(() => window.scratchnetDebug.events);
  const last = events.filter((e) => e.type === 'trainProgress').at(-1);
  const evals = events.filter((e) => e.type === 'evaluated').length;
  return { wall: wall / 1000, train: last.seconds, speed: last.samplesPerSecond, evals };
}
const otherSite = process.argv[2];
const epochs = Number(process.argv[3] ?? 5), preset = process.argv[4] ?? 'mlp', rounds = Number(process.argv[5] ?? 6);
if (!otherSite) {
  console.error('usage: node tests/bench/tab_wall.mjs OTHER_DIST [epochs] [preset] [rounds]');
  process.exit(2);
}
const ours = await serveSite();
const theirs = await serveSite(otherSite);
const browser = await launchBrowser();
const pages = {  // `new` is this build's dist/, `base` the other's
  new: (await openPage(browser, `${ours.url}?debug&build=multi`)).page,
  base: (await openPage(browser, `${theirs.url}?debug&build=multi`)).page,
};
const res = { new: [], base: [] };
for (let r = 0; r < rounds; r++) {
  for (const k of r % 2 ? ['base', 'new'] : ['new', 'base']) res[k].push(await run(pages[k], epochs, preset));
  const f = (x) => `wall ${x.wall.toFixed(2)} s, training ${x.train.toFixed(2)} s, ${x.speed.toFixed(0)}/s, ${x.evals} evals`;
  console.log(`round ${r + 1}: new ${f(res.new.at(-1))} | base ${f(res.base.at(-1))}`);
}
for (const k of ['new', 'base']) console.log(`${k}: median wall ${median(res[k].map((x) => x.wall)).toFixed(2)} s, wall - training ${median(res[k].map((x) => x.wall - x.train)).toFixed(2)} s, ${median(res[k].map((x) => x.speed)).toFixed(0)}/s`);
await browser.close(); ours.stop(); theirs.stop();
