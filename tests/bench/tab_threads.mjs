// In-tab training throughput of the multi-threaded build with 1 and 2 threads (and of the single-threaded
// build), alternated for a few rounds: the quick check behind the thread-scaling row of bench.mjs.
// Usage: node tests/bench/tab_threads.mjs [rounds] [extra page parameter] (after ./build_wasm.sh).
import { launchBrowser, openPage, serveSite } from '../e2e/browser.mjs';
import { finishTraining, startTraining } from './tab_training.mjs';

const rounds = Number(process.argv[2] ?? 3);
const extra = process.argv[3] ? `&${process.argv[3]}` : '';  // e.g. evalEvery=0.25, as bench.mjs's page for time to 97%
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Samples/s of a 2-epoch run, and the share of their time its threads waited for each other.
async function train(page, threads) {
  await startTraining(page, { epochs: 2, threads });
  const last = (await finishTraining(page)).filter((e) => e.type === 'trainProgress').at(-1);
  return { speed: last.samplesPerSecond, waiting: last.threadsWaitingShare };
}

const server = await serveSite();
const browser = await launchBrowser();
const { page: single } = await openPage(browser, `${server.url}?debug&build=single${extra}`);
const { page: multi } = await openPage(browser, `${server.url}?debug&build=multi${extra}`);
const runs = { single: [], one: [], two: [], waiting: [] };
for (let r = 0; r < rounds; r++) {
  runs.single.push((await train(single)).speed);
  runs.one.push((await train(multi, 1)).speed);
  const two = await train(multi, 2);
  runs.two.push(two.speed);
  runs.waiting.push(two.waiting);
  console.log(`round ${r + 1}: single-threaded build ${runs.single.at(-1).toFixed(0)}/s, ` +
    `multi-threaded build 1 thread ${runs.one.at(-1).toFixed(0)}/s, 2 threads ${runs.two.at(-1).toFixed(0)}/s ` +
    `(waited for each other ${(100 * two.waiting).toFixed(0)}% of their time)`);
}
const [s, one, two] = [median(runs.single), median(runs.one), median(runs.two)];
console.log(`medians: single ${s.toFixed(0)}/s, 1 thread ${one.toFixed(0)}/s, 2 threads ${two.toFixed(0)}/s: ` +
  `${(two / one).toFixed(2)}x one thread of the same build, ${(two / s).toFixed(2)}x the single-threaded build`);
await browser.close();
server.stop();
