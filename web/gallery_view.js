// A gallery of test digits: each as the 28×28 the network saw, with its true label, the digit read and how
// sure the network was. Clicking one puts it on the drawing pad, to see how every model reads it.
import { digitCanvas } from './digit_image.js';

export function renderGallery(root, { title, items, total }, onPick) {
  root.innerHTML = '';
  const heading = document.createElement('h3');
  heading.textContent = `${title}: ${total} digit${total === 1 ? '' : 's'}${total > items.length ? ` (the first ${items.length} shown)` : ''}`;
  const list = document.createElement('ul');
  list.className = 'gallery-items';
  for (const item of items) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'gallery-item';
    button.dataset.index = item.index;
    const sure = (item.probabilities[item.predicted] * 100).toFixed(0);
    button.setAttribute('aria-label', `Test digit ${item.index}: a ${item.label}, read as ${item.predicted} (${sure}% sure). Put it on the drawing pad.`);
    const canvas = digitCanvas(item.pixels);
    const caption = document.createElement('span');
    caption.className = item.label === item.predicted ? 'right' : 'wrong';
    caption.textContent = `${item.label} → ${item.predicted} · ${sure}%`;
    button.append(canvas, caption);
    button.addEventListener('click', () => onPick(item));
    li.append(button);
    list.append(li);
  }
  root.append(heading, list);
  root.hidden = false;
}
