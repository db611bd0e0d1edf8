// Renders every style of the drawn test set (normal variant) as a grid, to look at:
//   node tests/handwriting/preview.mjs  →  tests/e2e/artifacts/handwriting-styles.png
import { launchBrowser, ROOT } from '../e2e/browser.mjs';
import { STYLES } from './digit_styles.mjs';

const cell = 110;
const svgs = Object.entries(STYLES).map(([name, { strokes }]) => {
  const paths = strokes.map((s) => `<polyline fill="none" stroke="white" stroke-width="0.09" stroke-linecap="round" stroke-linejoin="round" points="${s.map(([x, y]) => `${x.toFixed(3)},${y.toFixed(3)}`).join(' ')}"/>`).join('');
  return `<figure><svg viewBox="-0.15 -0.1 1.3 1.2" width="${cell}" height="${cell}">${paths}</svg><figcaption>${name}</figcaption></figure>`;
});
const html = `<body style="background:#222;color:#ccc;font:12px sans-serif;display:flex;flex-wrap:wrap;gap:6px;margin:8px">
<style>figure{margin:0;text-align:center}svg{background:#000}</style>${svgs.join('')}</body>`;
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1000, height: 400 } });
await page.setContent(html);
const path = `${ROOT}tests/e2e/artifacts/handwriting-styles.png`;
await page.screenshot({ path, fullPage: true });
await browser.close();
console.log(path);
