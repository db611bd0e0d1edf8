// Shared by the end-to-end tests and the benchmark: Debian's Chromium driven by playwright-core, the site
// served by web/tools/serve.mjs on a free loopback port, and pointer strokes drawn the way a person draws.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
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
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.kill() };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Opens the page and waits until the worker is up with the pretrained model. Collects console errors.
export async function openPage(browser, url, { context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 1000 } }));
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

// Draws strokes with the mouse, moving in steps of about 5 px like a hand.
export async function drawStrokes(page, strokes, box = {}) {
  const canvas = await page.locator('[data-testid="draw-canvas"]').boundingBox();
  const at = placer(canvas, box);
  for (const stroke of strokes) {
    let [px, py] = at(stroke[0]);
    await page.mouse.move(px, py);
    await page.mouse.down();
    for (let i = 1; i < stroke.length; i++) {
      const [x, y] = at(stroke[i]);
      await page.mouse.move(x, y, { steps: Math.max(1, Math.round(Math.hypot(x - px, y - py) / 5)) });
      [px, py] = [x, y];
    }
    await page.mouse.up();
  }
}

// Draws strokes with touch (Chrome DevTools Protocol touch events, so the page gets pointerType "touch").
export async function touchStrokes(page, strokes, box = {}) {
  const cdp = await page.context().newCDPSession(page);
  const canvas = await page.locator('[data-testid="draw-canvas"]').boundingBox();
  const at = placer(canvas, box);
  const touch = (p) => [{ x: at(p)[0], y: at(p)[1] }];
  for (const stroke of strokes) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touch(stroke[0]) });
    for (let i = 1; i < stroke.length; i++) {
      const [x0, y0] = stroke[i - 1], [x1, y1] = stroke[i];
      const [ax, ay] = at(stroke[i - 1]), [bx, by] = at(stroke[i]);
      const steps = Math.max(1, Math.round(Math.hypot(bx - ax, by - ay) / 5));
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touch([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]) });
      }
    }
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
