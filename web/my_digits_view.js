// Draws "My digits": the collection (each digit as the network sees it, its label, whether it is held out, a
// delete button) and a fine-tuning's before/after: on the held-out digits (each with its two readings) and on
// MNIST's test set.
import { digitCanvas } from './digit_image.js';
import { splitHeldOut } from './my_digits.js';
import { withThousands } from './numbers.js';

export function renderCollection(root, digits, { onDelete }) {
  root.innerHTML = '';
  const heldOut = new Set(splitHeldOut(digits).heldOut);
  const list = document.createElement('ul');
  list.className = 'my-digits-items';
  for (const d of digits) {
    const li = document.createElement('li');
    li.className = heldOut.has(d) ? 'held-out' : '';
    li.title = heldOut.has(d) ? 'Held out: never trained on, used to measure' : 'Used for fine-tuning';
    const caption = document.createElement('span');
    caption.textContent = heldOut.has(d) ? `${d.label} · held out` : String(d.label);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'delete-digit';
    remove.textContent = '×';
    remove.setAttribute('aria-label', `Delete this ${d.label}${heldOut.has(d) ? ' (held out)' : ''}`);
    remove.addEventListener('click', () => onDelete(d));
    li.append(digitCanvas(d.pixels), caption, remove);
    list.append(li);
  }
  root.append(list);
}

const percent = (correct, count) => (count ? `${Math.round((correct / count) * 100)}%` : '–');

// `before` and (once the run has ended) `after`: { mnist: evaluation, heldOut: { predicted, confidence, correct, count } }.
export function renderFineTuneResults(root, { title, heldOutDigits, before, after }) {
  root.innerHTML = '';
  const table = document.createElement('table');
  table.className = 'fine-tune-table';
  const caption = table.createCaption();
  caption.textContent = title;
  const row = (cells, header = false) => {
    const tr = table.insertRow();
    cells.forEach((text, i) => {
      const cell = document.createElement(header || i === 0 ? 'th' : 'td');
      cell.textContent = text;
      tr.append(cell);
    });
    return tr;
  };
  row(['', 'before', after ? 'after' : 'after (fine-tuning…)'], true);
  const mine = (r) => (r.count ? `${r.correct} of ${r.count} (${percent(r.correct, r.count)})` : 'none held out yet');
  row([`Your held-out digits (${before.heldOut.count})`, mine(before.heldOut), after ? mine(after.heldOut) : '']).dataset.testid = 'fine-tune-mine';
  const mnist = (e) => `${(e.accuracy * 100).toFixed(2)}%`;
  row([`MNIST test digits (${withThousands(before.mnist.count)})`, mnist(before.mnist), after ? mnist(after.mnist) : '']).dataset.testid = 'fine-tune-mnist';
  root.append(table);

  if (heldOutDigits.length) {
    const list = document.createElement('ul');
    list.className = 'my-digits-items readings';
    heldOutDigits.forEach((d, i) => {
      const li = document.createElement('li');
      const readBefore = before.heldOut.predicted[i], readAfter = after?.heldOut.predicted[i];
      const caption = document.createElement('span');
      caption.textContent = `${d.label}: read ${readBefore}${after ? ` → ${readAfter}` : ''}`;
      caption.className = (after ? readAfter : readBefore) === d.label ? 'right' : 'wrong';
      li.setAttribute('aria-label', `A ${d.label}, read as ${readBefore} before${after ? ` and ${readAfter} after` : ''} fine-tuning`);
      li.append(digitCanvas(d.pixels), caption);
      list.append(li);
    });
    root.append(list);
  }
  root.hidden = false;
}
