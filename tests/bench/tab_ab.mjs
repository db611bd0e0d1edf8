// In-tab training throughput of this build's dist/ against another build's (say, a worktree of the commit before a
// change), two threads each, alternated round by round with the single-threaded build as the yardstick: the A/B
// behind a change to the threads. The machine is noisy, so read the medians and the waiting, not one round.
// Usage: node tests/bench/tab_ab.mjs OTHER_DIST [rounds] [threads] (after ./build_wasm.sh in both).
import { launchBrowser, openPage, serveSite } from '../e2e/browser.mjs';
import { finishTraining, startTraining } from './tab_training.mjs';

const [otherSite, rounds = 6, threads = 2] = [process.argv[2], Number(process.argv[3] ?? 6), Number(process.argv[4] ?? 2)];
if (!otherSite) {
  console.error('usage: node tests/bench/tab_ab.mjs OTHER_DIST [rounds] [threads]');
  process.exit(2);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Samples/s of a 2-epoch run, and the share of their time its threads waited for each other.
async function train(page, threadCount) {
  await startTraining(page, { epochs: 2, threads: threadCount });
  const last = (await finishTraining(page)).filter((e) => e.type === 'trainProgress').at(-1);
  return { speed: last.samplesPerSecond, waiting: last.threadsWaitingShare };
}

const ours = await serveSite();
const theirs = await serveSite(otherSite);
const browser = await launchBrowser();
const { page: single } = await openPage(browser, `${ours.url}?debug&build=single`);
const pages = {
  this: (await openPage(browser, `${ours.url}?debug&build=multi`)).page,
  other: (await openPage(browser, `${theirs.url}?debug&build=multi`)).page,
};
const speeds = { single: [], this: [], other: [] };
for (let r = 0; r < rounds; r++) {
  speeds.single.push((await train(single)).speed);
  let line = `round ${r + 1}: single-threaded build ${speeds.single.at(-1).toFixed(0)}/s`;
  for (const name of r % 2 ? ['other', 'this'] : ['this', 'other']) {  // each goes first every other round
    const run = await train(pages[name], threads);
    speeds[name].push(run.speed);
    line += `, ${name} build ${run.speed.toFixed(0)}/s (waited ${(100 * run.waiting).toFixed(0)}%)`;
  }
  console.log(line);
}
const [s, a, b] = [median(speeds.single), median(speeds.this), median(speeds.other)];
console.log(`medians on ${threads} threads: this build ${a.toFixed(0)}/s (${(a / s).toFixed(2)}x the single-threaded build), ` +
  `the other ${b.toFixed(0)}/s (${(b / s).toFixed(2)}x); this ÷ other ${(a / b).toFixed(3)}`);
await browser.close();
ours.stop();
theirs.stop();
