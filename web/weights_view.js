// What the first layer has learned, drawn as pictures: for the MLP, each of its 128 hidden units' 784 input
// weights as a 28×28 image; for the CNN, each 5×5 filter. Orange: ink there pushes the unit up; blue: down.
// Each tile is scaled by its own largest weight.
const GAP = 1;

// The colour of each weight, scaled to -1..1 and taken in 2·COLOR_STEPS + 1 steps: orange for positive, blue for
// negative, dark at zero. As 32-bit RGBA pixels in the platform's byte order.
const COLOR_STEPS = 255;
const COLORS = new Uint32Array(2 * COLOR_STEPS + 1);
{
  const bytes = new Uint8ClampedArray(COLORS.buffer);
  for (let k = 0; k < COLORS.length; k++) {
    const v = (k - COLOR_STEPS) / COLOR_STEPS;  // -1..1
    bytes.set([v > 0 ? 40 + 215 * v : 40 * (1 + v), v > 0 ? 40 + 125 * v : 40 + 100 * -v, v > 0 ? 40 * (1 - v) : 40 + 215 * -v, 255], k * 4);
  }
}

export class WeightsView {
  constructor(canvas, caption) {
    this.canvas = canvas;
    this.caption = caption;
    this.ctx = canvas.getContext('2d');
  }

  show({ kind, units, kernel, channels, height, width, weights }) {
    const side = kind === 'conv2d' ? [kernel, kernel] : [height, width];
    const [th, tw] = side;
    const columns = kind === 'conv2d' ? Math.min(units, 8) : 16;
    const rows = Math.ceil(units / columns);
    // While training this runs twice a second: resizing the canvas or re-setting the caption would lay the page
    // out again each time, so they change only when the network does.
    const canvasWidth = columns * (tw + GAP) - GAP, canvasHeight = rows * (th + GAP) - GAP;
    if (this.canvas.width !== canvasWidth) this.canvas.width = canvasWidth;
    if (this.canvas.height !== canvasHeight) this.canvas.height = canvasHeight;
    const image = this.ctx.createImageData(canvasWidth, canvasHeight);
    const pixels = new Uint32Array(image.data.buffer);  // one RGBA pixel each (COLORS is in the platform's order)
    const per = kind === 'conv2d' ? channels * kernel * kernel : channels * height * width;
    // Weight i of unit u sits at u + i·units (a row per unit, stored column-major); channel 0 only. Both loops
    // read the weights in memory order (for each i, every unit's), and colours come from a table: 100k weights
    // take 2.8 ms under node instead of 3.2 ms, which matters a little while training takes every core.
    const pixelsPerUnit = th * tw;
    const scale = new Float32Array(units).fill(1e-12);
    for (let i = 0; i < pixelsPerUnit; i++) {
      for (let u = 0, at = i * units; u < units; u++, at++) scale[u] = Math.max(scale[u], Math.abs(weights[at]));
    }
    for (let u = 0; u < units; u++) scale[u] = COLOR_STEPS / scale[u];
    const tileAt = new Int32Array(units);  // each unit's tile: its top-left pixel
    for (let u = 0; u < units; u++) tileAt[u] = Math.floor(u / columns) * (th + GAP) * canvasWidth + (u % columns) * (tw + GAP);
    for (let i = 0; i < pixelsPerUnit; i++) {
      const inTile = Math.floor(i / tw) * canvasWidth + (i % tw);
      for (let u = 0, w = i * units; u < units; u++, w++) {
        pixels[tileAt[u] + inTile] = COLORS[Math.round(weights[w] * scale[u]) + COLOR_STEPS];
      }
    }
    this.ctx.putImageData(image, 0, 0);
    this.canvas.classList.toggle('conv', kind === 'conv2d');
    const caption = kind === 'conv2d'
      ? `The first convolution's ${units} filters (${kernel}×${kernel}), of ${per} weights each.`
      : `Each of the ${units} hidden units' ${per} input weights, as a ${height}×${width} image.`;
    if (this.caption.textContent !== caption) this.caption.textContent = caption;
  }
}
