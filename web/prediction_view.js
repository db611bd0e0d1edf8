// Shows what the network thinks of the drawing: the top digit, ten probability bars, and the 28×28 it saw.
const NOT_SURE_BELOW = 0.6;

export class PredictionView {
  constructor(root) {
    this.digit = root.querySelector('[data-testid="prediction"]');
    this.note = root.querySelector('#prediction-note');
    this.seen = root.querySelector('#network-input');
    this.seenCtx = this.seen.getContext('2d');
    this.bars = [];
    const list = root.querySelector('#prob-bars');
    for (let d = 0; d < 10; d++) {
      const row = document.createElement('div');
      row.className = 'prob-row';
      row.innerHTML = `<span class="prob-digit">${d}</span><span class="prob-track"><span class="prob-fill"></span></span><span class="prob-value" data-testid="prob-${d}">0%</span>`;
      list.append(row);
      this.bars.push({ row, fill: row.querySelector('.prob-fill'), value: row.querySelector('.prob-value') });
    }
    this.image = this.seenCtx.createImageData(28, 28);
  }

  showEmpty() {
    this.digit.textContent = '';
    this.note.textContent = 'Draw a digit';
    for (const b of this.bars) {
      b.fill.style.transform = 'scaleX(0)';
      b.value.textContent = '0%';
      b.row.classList.remove('top');
    }
    this.drawInput(null);
  }

  show({ probabilities, input }) {
    let best = 0;
    for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[best]) best = d;
    const sorted = [...probabilities].map((p, d) => [p, d]).sort((a, b) => b[0] - a[0]);
    this.digit.textContent = String(best);
    this.digit.classList.toggle('unsure', probabilities[best] < NOT_SURE_BELOW);
    this.note.textContent = probabilities[best] < NOT_SURE_BELOW
      ? `not sure: ${sorted[0][1]} (${pct(sorted[0][0])}) or ${sorted[1][1]} (${pct(sorted[1][0])})`
      : `${pct(probabilities[best])} sure`;
    this.bars.forEach((b, d) => {
      b.fill.style.transform = `scaleX(${probabilities[d].toFixed(4)})`;
      b.value.textContent = pct(probabilities[d]);
      b.row.classList.toggle('top', d === best);
    });
    this.drawInput(input);
  }

  drawInput(input) {
    const px = this.image.data;
    for (let i = 0; i < 784; i++) {
      const v = input ? Math.round(input[i] * 255) : 0;
      px[i * 4] = px[i * 4 + 1] = px[i * 4 + 2] = v;
      px[i * 4 + 3] = 255;
    }
    this.seenCtx.putImageData(this.image, 0, 0);
  }
}

export function pct(p) {
  return `${(p * 100).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1)}%`;
}
