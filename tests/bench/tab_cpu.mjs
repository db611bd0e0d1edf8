// Where the CPU goes while the tab trains: /proc's per-thread counters of every Chromium process, read over a
// few seconds in the middle of a run of the mlp on all 60k digits, as shares of one core. The training threads
// are the renderer's DedicatedWorker threads; the rest is the page's own work (its main thread, the
// compositor, …), which on a machine with as many cores as training threads comes out of training's time.
// Usage: node tests/bench/tab_cpu.mjs [threads] [rounds] (Linux only; after ./build_wasm.sh).
import { readFileSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { launchBrowser, openPage, serveSite } from '../e2e/browser.mjs';
import { finishTraining, startTraining } from './tab_training.mjs';

const threads = Number(process.argv[2] ?? 2);
const rounds = Number(process.argv[3] ?? 2);
const WINDOW_MS = 4000;
const TICKS_PER_SECOND = 100;  // /proc's clock ticks (USER_HZ)

function threadTicks() {
  const ticks = {};
  for (const pid of execSync('pgrep -f chromium || true', { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    try {
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks[`${type} ${name} ${tid}`] = Number(fields[11]) + Number(fields[12]);  // utime + stime
      }
    } catch { /* a process or thread that ended meanwhile */ }
  }
  return ticks;
}

const lastProgress = (page) => page.evaluate(() => window.scratchnetDebug.events.filter((e) => e.type === 'trainProgress').at(-1));

const server = await serveSite();
const browser = await launchBrowser();
const { page } = await openPage(browser, `${server.url}?debug&build=multi`);
for (let r = 0; r < rounds; r++) {
  await startTraining(page, { epochs: 10, threads });
  await page.waitForFunction(() => window.scratchnetDebug.events.some((e) => e.type === 'trainProgress'), null, { polling: 100 });
  await page.waitForTimeout(1000);
  const [before, p0, t0] = [threadTicks(), await lastProgress(page), Date.now()];
  await page.waitForTimeout(WINDOW_MS);
  const [after, p1, seconds] = [threadTicks(), await lastProgress(page), (Date.now() - t0) / 1000];
  await finishTraining(page);
  const shares = Object.entries(after).map(([k, v]) => [k, (v - (before[k] ?? 0)) / TICKS_PER_SECOND / seconds])
    .filter(([, share]) => share >= 0.01).sort((a, b) => b[1] - a[1]);
  const sum = (re) => shares.filter(([k]) => re.test(k)).reduce((a, [, v]) => a + v, 0) * 100;
  const perSecond = (p1.samples - p0.samples) / (p1.seconds - p0.seconds);
  console.log(`round ${r + 1}, ${threads} thread(s): ${Math.round(perSecond)} digits/s; training threads ${sum(/DedicatedWorker/).toFixed(0)}% ` +
    `of a core, the page's main thread ${sum(/^renderer chromium/).toFixed(1)}%, compositors ${sum(/Compositor/).toFixed(1)}%`);
  for (const [k, share] of shares) console.log(`  ${(share * 100).toFixed(1).padStart(6)}%  ${k}`);
}
await browser.close();
server.stop();
