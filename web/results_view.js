// The end-of-run report: test accuracy ± its standard error, per-class accuracy and the confusion matrix.
export function renderResults(root, evaluation) {
  const { accuracy, stderr, count, classAccuracy, confusion } = evaluation;
  const max = Math.max(1, ...confusion.flat());
  let rows = '';
  for (let t = 0; t < 10; t++) {
    let cells = '';
    for (let p = 0; p < 10; p++) {
      const n = confusion[t][p];
      const shade = n === 0 ? 0 : 0.15 + 0.85 * Math.sqrt(n / max);
      const kind = t === p ? 'hit' : 'miss';
      cells += `<td class="${kind}" data-shade="${shade.toFixed(3)}" title="true ${t}, predicted ${p}: ${n}">${n || ''}</td>`;
    }
    rows += `<tr><th scope="row">${t}</th>${cells}<td class="class-acc">${(classAccuracy[t] * 100).toFixed(1)}%</td></tr>`;
  }
  root.innerHTML = `
    <p class="final-accuracy">Test accuracy <strong>${(accuracy * 100).toFixed(2)}% ± ${(stderr * 100).toFixed(2)}%</strong>
      on ${count} test digits</p>
    <table class="confusion" aria-label="Confusion matrix: rows are the true digit, columns the predicted digit">
      <thead><tr><th scope="col">true ↓ / predicted →</th>${[...Array(10).keys()].map((d) => `<th scope="col">${d}</th>`).join('')}<th scope="col">accuracy</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`;
  // Inline style attributes are blocked by the CSP; the shades go in through the CSSOM instead.
  for (const td of root.querySelectorAll('td[data-shade]')) td.style.setProperty('--shade', td.dataset.shade);
}
