// Shared by the end-to-end tests and the benchmark: Debian's Chromium driven by playwright-core, the site
// served by web/tools/serve.mjs on a free loopback port, and pointer strokes drawn the way a person draws.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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

// Digit shapes as strokes in a unit box (x right, y down), the way people write them.
export const DIGIT_STROKES = {
  0: [ellipse(0.5, 0.5, 0.36, 0.48, -Math.PI / 2, 1.08)],
  1: [[[0.45, 0.05], [0.5, 0.5], [0.55, 0.97]]],
  '1-flag': [[[0.25, 0.25], [0.55, 0.03], [0.55, 0.97]]],
  '1-foot': [[[0.3, 0.2], [0.55, 0.03], [0.55, 0.97]], [[0.25, 0.97], [0.85, 0.97]]],
  2: [[[0.12, 0.25], [0.3, 0.06], [0.6, 0.03], [0.85, 0.2], [0.82, 0.42], [0.5, 0.7], [0.12, 0.96], [0.92, 0.96]]],
  3: [[[0.15, 0.12], [0.45, 0.02], [0.8, 0.12], [0.8, 0.35], [0.45, 0.48], [0.85, 0.62], [0.85, 0.85], [0.5, 0.98], [0.12, 0.88]]],
  4: [[[0.62, 0.02], [0.1, 0.66], [0.92, 0.66]], [[0.68, 0.3], [0.68, 0.98]]],
  '4-open': [[[0.2, 0.02], [0.12, 0.6], [0.88, 0.6]], [[0.7, 0.05], [0.7, 0.98]]],
  5: [[[0.82, 0.04], [0.25, 0.04], [0.2, 0.45], [0.55, 0.38], [0.85, 0.55], [0.85, 0.8], [0.55, 0.97], [0.15, 0.88]]],
  6: [[[0.75, 0.03], [0.35, 0.3], [0.15, 0.65], [0.25, 0.92], [0.55, 0.98], [0.82, 0.8], [0.75, 0.55], [0.45, 0.5], [0.2, 0.68]]],
  7: [[[0.1, 0.05], [0.9, 0.05], [0.4, 0.97]]],
  '7-crossed': [[[0.1, 0.05], [0.9, 0.05], [0.4, 0.97]], [[0.35, 0.5], [0.85, 0.5]]],
  8: [[[0.78, 0.15], [0.5, 0.02], [0.22, 0.15], [0.3, 0.38], [0.72, 0.6], [0.8, 0.85], [0.5, 0.98], [0.2, 0.85], [0.28, 0.6], [0.7, 0.38], [0.78, 0.15]]],
  9: [[[0.8, 0.25], [0.55, 0.04], [0.22, 0.12], [0.2, 0.38], [0.5, 0.5], [0.8, 0.3], [0.8, 0.05], [0.78, 0.97]]],
  '9-curved': [[[0.8, 0.25], [0.55, 0.04], [0.22, 0.12], [0.2, 0.38], [0.5, 0.5], [0.8, 0.3], [0.8, 0.05], [0.8, 0.6], [0.65, 0.92], [0.35, 0.97]]],
};

function ellipse(cx, cy, rx, ry, start, turns) {
  const points = [];
  for (let i = 0; i <= 40; i++) {
    const a = start + (i / 40) * turns * 2 * Math.PI;
    points.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return points;
}

// Draws a digit's strokes with the mouse in a box (left, top, size) of the canvas, in CSS pixels,
// moving in small steps like a hand. `slant` shears x by −slant·y (positive leans right).
export async function drawDigit(page, key, { left = 60, top = 40, width = 160, height = 200, slant = 0, steps = 6 } = {}) {
  const canvas = await page.locator('[data-testid="draw-canvas"]').boundingBox();
  const at = ([x, y]) => [canvas.x + left + (x + slant * (1 - y)) * width, canvas.y + top + y * height];
  for (const stroke of DIGIT_STROKES[key]) {
    const [sx, sy] = at(stroke[0]);
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    for (let i = 1; i < stroke.length; i++) {
      const [x, y] = at(stroke[i]);
      await page.mouse.move(x, y, { steps });
    }
    await page.mouse.up();
  }
}

// Saves a full-page screenshot under tests/e2e/artifacts/ (git-ignored), to look at after a run.
export async function screenshot(page, name) {
  await page.screenshot({ path: `${ROOT}tests/e2e/artifacts/${name}.png`, fullPage: true });
}

// Draws strokes with touch (Chrome DevTools Protocol touch events, so the page gets pointerType "touch").
export async function drawDigitByTouch(page, key, { left = 60, top = 40, width = 160, height = 200, steps = 8 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const canvas = await page.locator('[data-testid="draw-canvas"]').boundingBox();
  const at = ([x, y]) => ({ x: canvas.x + left + x * width, y: canvas.y + top + y * height });
  for (const stroke of DIGIT_STROKES[key]) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(stroke[0])] });
    for (let i = 1; i < stroke.length; i++) {
      const [x0, y0] = stroke[i - 1], [x1, y1] = stroke[i];
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t])] });
      }
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await cdp.detach();
}

export async function predictionAfterDrawing(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]').textContent !== '');
  await page.waitForTimeout(50);
  return page.locator('[data-testid="prediction"]').textContent();
}
