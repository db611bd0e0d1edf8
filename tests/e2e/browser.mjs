// Shared by the end-to-end tests and the benchmark: Debian's Chromium driven by playwright-core, the site
// served by web/tools/serve.mjs on a free loopback port, and pointer strokes drawn the way a person draws.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { STYLES } from '../handwriting/digit_styles.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SITE = `${ROOT}dist`;

async function freePort() {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address();
  s.close();
  return port;
}

// Starts the static server; returns { url, stop }. plainStaticHost: without the cross-origin isolation headers.
export async function serveSite(site = SITE, { plainStaticHost = false } = {}) {
  const port = await freePort();
  const env = { ...process.env, ...(plainStaticHost ? { PLAIN_STATIC_HOST: '1' } : {}) };
  const server = spawn(process.execPath, [`${ROOT}web/tools/serve.mjs`, site, String(port)], { stdio: ['ignore', 'pipe', 'inherit'], env });
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => String(d).includes('serving') && resolve());
    server.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  // Stopped when this process ends, even by an error: left running, it holds the caller's output pipe open, and
  // a benchmark piped into `tail` that failed (say, Chromium missing) would hang instead of saying why.
  const stop = () => server.kill();
  process.on('exit', stop);
  return { url: `http://127.0.0.1:${port}/`, stop };
}

const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(extraArgs = []) {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install it with 'apt-get install -y chromium' (tests/run.sh does, as root)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

// Opens the page and waits until the worker is up with the pretrained models. Collects console errors. The
// service worker is blocked unless a context is given (so page.route sees every request; offline.test.mjs
// tests the service worker itself).
export async function openPage(browser, url, { context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 1000 }, serviceWorkers: 'block' }));
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  return { page, errors, context: ctx };
}

// Digit shapes as strokes in a unit box (x right, y down), the way people write them: the styles of our drawn
// test set (tests/handwriting), by name ('7', '7-crossed', '9-curved', …).
export const DIGIT_STROKES = Object.fromEntries(Object.entries(STYLES).map(([name, style]) => [name, style.strokes]));

// Canvas coordinates (CSS px) of a unit-box point drawn in a box (left, top, width, height) with a slant
// (x shifts by slant·(1 − y)·width: positive leans right).
function placer(canvas, { left = 60, top = 40, width = 160, height = 200, slant = 0 }) {
  return ([x, y]) => [canvas.x + left + (x + slant * (1 - y)) * width, canvas.y + top + y * height];
}

// A stroke in canvas coordinates, as the points a hand moving at a steady pace would report: one every
// `spacing` px along the path (the page joins them with straight lines, as it does real pointer events).
function resample(points, spacing) {
  const out = [points[0]];
  let [px, py] = points[0], carry = 0;
  for (let i = 1; i < points.length; i++) {
    const [x, y] = points[i], length = Math.hypot(x - px, y - py);
    let d = spacing - carry;
    for (; d <= length; d += spacing) out.push([px + ((x - px) * d) / length, py + ((y - py) * d) / length]);
    carry = length - (d - spacing);
    [px, py] = [x, y];
  }
  if (carry > 0.5) out.push(points[points.length - 1]);
  return out;
}

// The drawing canvas's box in the viewport, scrolled fully into view first (the page is taller than the window).
async function canvasBox(page) {
  const canvas = page.locator('[data-testid="draw-canvas"]');
  await canvas.scrollIntoViewIfNeeded();
  return canvas.boundingBox();
}

// Draws strokes with the mouse. The moves of a stroke are sent without waiting for each to be handled (they
// arrive in order), which is about 3× faster than one at a time in headless Chromium.
export async function drawStrokes(page, strokes, box = {}, { spacing = 12 } = {}) {
  const canvas = await canvasBox(page);
  const at = placer(canvas, box);
  for (const stroke of strokes) {
    const [first, ...rest] = resample(stroke.map(at), spacing);
    await page.mouse.move(...first);
    await page.mouse.down();
    await Promise.all(rest.map((p) => page.mouse.move(...p)));
    await page.mouse.up();
  }
}

// Draws strokes with touch (Chrome DevTools Protocol touch events, so the page gets pointerType "touch").
export async function touchStrokes(page, strokes, box = {}, { spacing = 12 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const canvas = await canvasBox(page);
  const at = placer(canvas, box);
  const touch = ([x, y]) => [{ x, y }];
  for (const stroke of strokes) {
    const [first, ...rest] = resample(stroke.map(at), spacing);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(first) });
    await Promise.all(rest.map((p) => cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch(p) })));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await cdp.detach();
}

export const drawDigit = (page, key, box) => drawStrokes(page, DIGIT_STROKES[key], box);
export const drawDigitByTouch = (page, key, box) => touchStrokes(page, DIGIT_STROKES[key], box);

// Saves a full-page screenshot under tests/e2e/artifacts/ (git-ignored), to look at after a run.
export async function screenshot(page, name) {
  await page.screenshot({ path: `${ROOT}tests/e2e/artifacts/${name}.png`, fullPage: true });
}

export async function predictionAfterDrawing(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]').textContent !== '');
  await page.waitForTimeout(50);
  return page.locator('[data-testid="prediction"]').textContent();
}
