// What the first layer has learned, drawn as pictures: for the MLP, each of its 128 hidden units' 784 input
// weights as a 28×28 image; for the CNN, each 5×5 filter. Orange: ink there pushes the unit up; blue: down.
// Each tile is scaled by its own largest weight.
const GAP = 1;

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
    this.canvas.width = columns * (tw + GAP) - GAP;
    this.canvas.height = rows * (th + GAP) - GAP;
    const image = this.ctx.createImageData(this.canvas.width, this.canvas.height);
    const pixels = image.data;
    const per = kind === 'conv2d' ? channels * kernel * kernel : channels * height * width;
    for (let u = 0; u < units; u++) {
      // Weight i of unit u sits at u + i·units (a row per unit, stored column-major); channel 0 only.
      let max = 1e-12;
      for (let i = 0; i < th * tw; i++) max = Math.max(max, Math.abs(weights[u + i * units]));
      const x0 = (u % columns) * (tw + GAP), y0 = Math.floor(u / columns) * (th + GAP);
      for (let i = 0; i < th * tw; i++) {
        const v = weights[u + i * units] / max;  // -1..1
        const at = ((y0 + Math.floor(i / tw)) * this.canvas.width + x0 + (i % tw)) * 4;
        pixels[at] = v > 0 ? 40 + 215 * v : 40 * (1 + v);            // orange for positive
        pixels[at + 1] = v > 0 ? 40 + 125 * v : 40 + 100 * -v;
        pixels[at + 2] = v > 0 ? 40 * (1 - v) : 40 + 215 * -v;        // blue for negative
        pixels[at + 3] = 255;
      }
    }
    this.ctx.putImageData(image, 0, 0);
    this.canvas.classList.toggle('conv', kind === 'conv2d');
    this.caption.textContent = kind === 'conv2d'
      ? `The first convolution's ${units} filters (${kernel}×${kernel}), of ${per} weights each.`
      : `Each of the ${units} hidden units' ${per} input weights, as a ${height}×${width} image.`;
  }
}
