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

// CPU time of every Chromium thread (utime + stime, in ticks), and for the training threads how often they gave
// up their core (voluntary: to sleep, at a meeting or between slices) or had it taken by another thread
// (nonvoluntary: a step's partner then waits for them).
function threadCounters() {
  const ticks = {}, switches = {};
  for (const pid of execSync('pgrep -f chromium || true', { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    try {
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${type} ${name} ${tid}`;
        ticks[key] = Number(fields[11]) + Number(fields[12]);  // utime + stime
        if (name !== 'DedicatedWorker') continue;
        const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
        const count = (kind) => Number(new RegExp(`^${kind}_ctxt_switches:\\s+(\\d+)`, 'm').exec(status)[1]);
        switches[key] = { voluntary: count('voluntary'), nonvoluntary: count('nonvoluntary') };
      }
    } catch { /* a process or thread that ended meanwhile */ }
  }
  return { ticks, switches };
}

// The whole machine's time (/proc/stat's first line): how much of it no thread used, and how much the host took.
function machineTicks() {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]
    .trim().split(/\s+/).slice(1, 9).map(Number);
  return { idle: idle + iowait, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

const lastProgress = (page) => page.evaluate(() => window.scratchnetDebug.events.filter((e) => e.type === 'trainProgress').at(-1));

const server = await serveSite();
const browser = await launchBrowser();
const { page } = await openPage(browser, `${server.url}?debug&build=multi`);
for (let r = 0; r < rounds; r++) {
  await startTraining(page, { epochs: 10, threads });
  await page.waitForFunction(() => window.scratchnetDebug.events.some((e) => e.type === 'trainProgress'), null, { polling: 100 });
  await page.waitForTimeout(1000);
  const [before, machineBefore, p0, t0] = [threadCounters(), machineTicks(), await lastProgress(page), Date.now()];
  await page.waitForTimeout(WINDOW_MS);
  const [after, machineAfter, p1, seconds] = [threadCounters(), machineTicks(), await lastProgress(page), (Date.now() - t0) / 1000];
  await finishTraining(page);
  const shares = Object.entries(after.ticks).map(([k, v]) => [k, (v - (before.ticks[k] ?? 0)) / TICKS_PER_SECOND / seconds])
    .filter(([, share]) => share >= 0.01).sort((a, b) => b[1] - a[1]);
  const sum = (re) => shares.filter(([k]) => re.test(k)).reduce((a, [, v]) => a + v, 0) * 100;
  const perSecond = (p1.samples - p0.samples) / (p1.seconds - p0.seconds);
  console.log(`round ${r + 1}, ${threads} thread(s): ${Math.round(perSecond)} digits/s; training threads ${sum(/DedicatedWorker/).toFixed(0)}% ` +
    `of a core, the page's main thread ${sum(/^renderer chromium/).toFixed(1)}%, compositors ${sum(/Compositor/).toFixed(1)}%`);
  const machine = (kind) => (100 * (machineAfter[kind] - machineBefore[kind])) / (machineAfter.total - machineBefore.total);
  console.log(`  the machine's cores: idle ${machine('idle').toFixed(1)}%, taken by the host ${machine('steal').toFixed(1)}%`);
  for (const [k, share] of shares) {
    const s0 = before.switches[k], s1 = after.switches[k];
    const timesPerSecond = (kind) => Math.round((s1[kind] - s0[kind]) / seconds);
    const switched = s0 && s1 ? `  (gave up its core ${timesPerSecond('voluntary')}×/s, had it taken ${timesPerSecond('nonvoluntary')}×/s)` : '';
    console.log(`  ${(share * 100).toFixed(1).padStart(6)}%  ${k}${switched}`);
  }
}
await browser.close();
server.stop();
