// Every model's answer to the same drawing, side by side: its top digit, how sure it is, and its ten
// probabilities as tiny bars (0 on the left, 9 on the right). The radio in each row picks the model whose
// answer fills the big view.
import { pct } from './prediction_view.js';

export class ModelCompareView {
  constructor(root) {
    this.rows = {};
    for (const bars of root.querySelectorAll('[data-reading]')) {
      const name = bars.dataset.reading;
      const cells = [];
      for (let d = 0; d < 10; d++) {
        const cell = document.createElement('span');
        cell.title = String(d);
        bars.append(cell);
        cells.push(cell);
      }
      this.rows[name] = { cells, text: root.querySelector(`[data-testid="reading-${name}"]`) };
    }
  }

  showEmpty() {
    for (const row of Object.values(this.rows)) this.fill(row, null);
  }

  show(readings) {
    for (const [name, row] of Object.entries(this.rows)) this.fill(row, readings[name] ?? null);
  }

  fill(row, probabilities) {
    let best = 0;
    if (probabilities) for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[best]) best = d;
    row.cells.forEach((cell, d) => {
      cell.style.height = probabilities ? `${Math.max(1, probabilities[d] * 22).toFixed(1)}px` : '0';
      cell.classList.toggle('top', Boolean(probabilities) && d === best);
    });
    if (!probabilities) row.text.textContent = '';
    else row.text.innerHTML = `reads <b>${best}</b> · ${pct(probabilities[best])} sure`;
  }
}
