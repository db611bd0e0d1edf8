// A fresh page's first training run, with the page's warm-up (sn_warm_up, Request.warmUp) and without it
// (?warmUp=off), alternated: over the run, and over its first 0.25 s, where the browser's optimizing compiler
// competed with the training threads before the warm-up.
// Usage: node tests/bench/first_run.mjs [rounds] [threads] [build] (after ./build_wasm.sh).
import { launchBrowser, openPage, serveSite } from '../e2e/browser.mjs';
import { finishTraining, startTraining } from './tab_training.mjs';

const rounds = Number(process.argv[2] ?? 4);
const threads = Number(process.argv[3] ?? 2);
const build = process.argv[4] ?? 'multi';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serveSite();
const browser = await launchBrowser();
const early = { on: [], off: [] };  // each run's speed over its first 0.25 s ÷ over the whole run
const whole = { on: [], off: [] };
for (let r = 0; r < rounds; r++) {
  for (const warmUp of r % 2 ? ['off', 'on'] : ['on', 'off']) {
    const { page, context } = await openPage(browser, `${server.url}?debug&build=${build}&warmUp=${warmUp}`);
    await startTraining(page, { epochs: 1, threads });
    const reports = (await finishTraining(page)).filter((e) => e.type === 'trainProgress');
    const first = reports.find((e) => e.seconds >= 0.25) ?? reports.at(-1);
    const speed = reports.at(-1).samplesPerSecond, firstSpeed = first.samples / first.seconds;
    early[warmUp].push(firstSpeed / speed);
    whole[warmUp].push(speed);
    console.log(`round ${r + 1}, warm-up ${warmUp}: ${speed.toFixed(0)} digits/s over the run, ` +
      `${firstSpeed.toFixed(0)}/s over its first ${first.seconds.toFixed(2)} s`);
    await context.close();
  }
}
console.log(`medians (${build}-threaded build, ${threads} thread(s)): over the first 0.25 s, ` +
  `${median(early.on).toFixed(2)}x the run's speed with the warm-up and ${median(early.off).toFixed(2)}x without; ` +
  `whole runs ${median(whole.on).toFixed(0)}/s with and ${median(whole.off).toFixed(0)}/s without`);
await browser.close();
server.stop();
