// End to end: after the first visit the page works with the server stopped (the service worker keeps the app,
// the models and the downloaded data), it can be installed (a web app manifest), and a new build replaces the
// old cache cleanly.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { drawDigit, launchBrowser, openPage, predictionAfterDrawing, serveSite, SITE } from './browser.mjs';

let browser, site;
before(async () => {
  browser = await launchBrowser();
  site = mkdtempSync(join(tmpdir(), 'scratchnet-site-'));  // a copy: the last test rebuilds its service worker
  cpSync(SITE, site, { recursive: true });
});
after(async () => {
  await browser?.close();
  rmSync(site, { recursive: true, force: true });
});

// Polls `check` (async) until it returns true, for up to `ms`.
async function until(check, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (await check()) return;
  }
  throw new Error(`gave up waiting after ${ms} ms: ${check}`);
}
const appCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('scratchnet-app-')));

async function openControlled(context, url) {
  const opened = await openPage(browser, url, { context });
  await until(() => opened.page.evaluate(() => navigator.serviceWorker.controller !== null));
  await until(async () => (await appCaches(opened.page)).length === 1);
  return opened;
}

test('with the server stopped after a first visit, the page still loads, reads drawings and trains', async (t) => {
  const server = await serveSite(site);
  t.after(() => server.stop());
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const { page, errors } = await openControlled(context, `${server.url}?debug`);
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, './');
  // A first short run downloads (and keeps) the first training and test chunks.
  await page.selectOption('[data-testid="subset-size"]', '1000');
  await page.selectOption('#test-size', '1000');
  await page.fill('input[name="epochs"]', '1');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 60000 });
  server.stop();

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  await drawDigit(page, '7', { left: 60, top: 40, width: 150, height: 200 });
  assert.equal(await predictionAfterDrawing(page), '7');
  await page.click('[data-testid="train-start"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-status"]').textContent.startsWith('Finished'), null, { timeout: 60000 });
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
  await context.close();
});

test('a new build replaces the old app cache', async (t) => {
  const server = await serveSite(site);
  t.after(() => server.stop());
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const { page } = await openControlled(context, server.url);
  const [first] = await appCaches(page);
  assert.ok(first, 'the app cache exists');
  // "Rebuild": the same site with one changed file, so the service worker gets a new build name.
  const path = join(site, 'service_worker.js');
  const source = readFileSync(path, 'utf8');
  writeFileSync(path, source.replace(/const BUILD = "([0-9a-f]+)"/, 'const BUILD = "$1ff"'));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await until(async () => {
    const names = await appCaches(page);
    return names.length === 1 && names[0] !== first;
  });
  assert.deepEqual(await appCaches(page), [`${first}ff`], `caches: ${JSON.stringify(await appCaches(page))}, first ${first}`);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await context.close();
});
