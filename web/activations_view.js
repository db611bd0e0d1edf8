// Inside the network for the current drawing: the last hidden layer's 128 activations as a grid of cells
// (brighter: more active), the units that pushed the answer up the most, named in words, and for the CNN the
// first convolution's feature maps (what each filter found where).
export class ActivationsView {
  constructor({ units, maps, text }) {
    this.units = units;
    this.maps = maps;
    this.text = text;
  }

  clear() {
    this.text.textContent = 'Draw a digit to see which hidden units it lights up.';
    for (const canvas of [this.units, this.maps]) canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
    this.maps.hidden = true;
  }

  show({ hidden, top, win, maps }) {
    const columns = 16, rows = Math.ceil(hidden.length / columns);
    this.units.width = columns;
    this.units.height = rows;
    const max = Math.max(1e-6, ...hidden);
    const image = new ImageData(columns, rows);
    const best = new Set(top.filter((t) => t.push > 0).map((t) => t.unit));
    hidden.forEach((a, j) => {
      const v = Math.round(255 * Math.max(0, a) / max);
      image.data.set(best.has(j) ? [255, Math.round(v * 0.65), 40, 255] : [v, v, v, 255], j * 4);
    });
    this.units.getContext('2d').putImageData(image, 0, 0);
    const pushed = top.filter((t) => t.push > 0).map((t) => `#${t.unit} (+${t.push.toFixed(2)})`);
    this.text.textContent = `${hidden.filter((a) => a > 0).length} of ${hidden.length} hidden units are active. ` +
      (pushed.length ? `The units that pushed “${win}” up the most (orange): ${pushed.join(', ')}.` : '');
    this.maps.hidden = !maps;
    if (maps) this.showMaps(maps);
  }

  showMaps({ count, side, values }) {
    const columns = 8, rows = Math.ceil(count / columns), gap = 1;
    this.maps.width = columns * (side + gap) - gap;
    this.maps.height = rows * (side + gap) - gap;
    const image = new ImageData(this.maps.width, this.maps.height);
    for (let f = 0; f < count; f++) {
      let max = 1e-6;
      for (let i = 0; i < side * side; i++) max = Math.max(max, values[f * side * side + i]);
      const x0 = (f % columns) * (side + gap), y0 = Math.floor(f / columns) * (side + gap);
      for (let i = 0; i < side * side; i++) {
        const v = Math.round(255 * values[f * side * side + i] / max);
        image.data.set([v, v, v, 255], ((y0 + Math.floor(i / side)) * this.maps.width + x0 + (i % side)) * 4);
      }
    }
    this.maps.getContext('2d').putImageData(image, 0, 0);
  }
}
