// The end-of-run report: test accuracy ± its standard error, per-class accuracy and the confusion matrix. Each
// non-empty cell is a button that opens the gallery of exactly those test digits; another button opens the
// most confidently wrong ones.
export function renderResults(root, evaluation, { onCell, onConfidentlyWrong }) {
  const { accuracy, stderr, count, classAccuracy, confusion } = evaluation;
  const max = Math.max(1, ...confusion.flat());
  let rows = '';
  for (let t = 0; t < 10; t++) {
    let cells = '';
    for (let p = 0; p < 10; p++) {
      const n = confusion[t][p];
      const shade = n === 0 ? 0 : 0.15 + 0.85 * Math.sqrt(n / max);
      const kind = t === p ? 'hit' : 'miss';
      const label = `true ${t}, read as ${p}: ${n} digit${n === 1 ? '' : 's'}`;
      cells += `<td class="${kind}" data-shade="${shade.toFixed(3)}">${n ? `<button type="button" class="cell" data-true="${t}" data-predicted="${p}" aria-label="${label}" title="${label}">${n}</button>` : ''}</td>`;
    }
    rows += `<tr><th scope="row">${t}</th>${cells}<td class="class-acc">${(classAccuracy[t] * 100).toFixed(1)}%</td></tr>`;
  }
  root.innerHTML = `
    <p class="final-accuracy">Test accuracy <strong>${(accuracy * 100).toFixed(2)}% ± ${(stderr * 100).toFixed(2)}%</strong>
      on ${count} test digits. Click a number to see those digits.</p>
    <table class="confusion" aria-label="Confusion matrix: rows are the true digit, columns the digit read">
      <thead><tr><th scope="col">true ↓ / read as →</th>${[...Array(10).keys()].map((d) => `<th scope="col">${d}</th>`).join('')}<th scope="col">accuracy</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
    <p><button type="button" class="confidently-wrong" data-testid="confidently-wrong">The most confidently wrong digits</button></p>`;
  // Inline style attributes are blocked by the CSP; the shades go in through the CSSOM instead.
  for (const td of root.querySelectorAll('td[data-shade]')) td.style.setProperty('--shade', td.dataset.shade);
  for (const button of root.querySelectorAll('button.cell')) {
    button.addEventListener('click', () => onCell(Number(button.dataset.true), Number(button.dataset.predicted)));
  }
  root.querySelector('.confidently-wrong').addEventListener('click', onConfidentlyWrong);
}
