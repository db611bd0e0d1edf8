// In-tab training throughput of the multi-threaded build with 1 and 2 threads (and of the single-threaded
// build), alternated for a few rounds: the quick check behind the thread-scaling row of bench.mjs.
// Usage: node tests/bench/tab_threads.mjs [rounds] [extra page parameter] (after ./build_wasm.sh).
import { launchBrowser, openPage, serveSite } from '../e2e/browser.mjs';

const rounds = Number(process.argv[2] ?? 3);
const extra = process.argv[3] ? `&${process.argv[3]}` : '';  // e.g. evalEvery=0.25, as bench.mjs measures
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function train(page, threads) {
  await page.evaluate(() => { window.scratchnetDebug.events.length = 0; });
  if (threads) await page.selectOption('#threads', String(threads));
  await page.selectOption('[data-testid="subset-size"]', '60000');
  await page.selectOption('#preset', 'mlp');
  await page.fill('input[name="batch"]', '64');
  await page.fill('input[name="epochs"]', '2');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => /^(Finished|Training stopped)/.test(document.querySelector('[data-testid="train-status"]').textContent), null, { timeout: 600000, polling: 250 });
  const events = await page.evaluate(() => window.scratchnetDebug.events);
  return events.filter((e) => e.type === 'trainProgress').at(-1).samplesPerSecond;
}

const server = await serveSite();
const browser = await launchBrowser();
const { page: single } = await openPage(browser, `${server.url}?debug&build=single${extra}`);
const { page: multi } = await openPage(browser, `${server.url}?debug&build=multi${extra}`);
const runs = { single: [], one: [], two: [] };
for (let r = 0; r < rounds; r++) {
  runs.single.push(await train(single));
  runs.one.push(await train(multi, 1));
  runs.two.push(await train(multi, 2));
  console.log(`round ${r + 1}: single-threaded build ${runs.single.at(-1).toFixed(0)}/s, ` +
    `multi-threaded build 1 thread ${runs.one.at(-1).toFixed(0)}/s, 2 threads ${runs.two.at(-1).toFixed(0)}/s`);
}
const [s, one, two] = [median(runs.single), median(runs.one), median(runs.two)];
console.log(`medians: single ${s.toFixed(0)}/s, 1 thread ${one.toFixed(0)}/s, 2 threads ${two.toFixed(0)}/s: ` +
  `${(two / one).toFixed(2)}x one thread of the same build, ${(two / s).toFixed(2)}x the single-threaded build`);
await browser.close();
server.stop();
