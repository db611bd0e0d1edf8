// "My digits": the user's own labelled drawings, as the network sees them (28×28 bytes, 0 = background).
// A digit is { id, label, pixels: Uint8Array(784), drawnAt: ISO date }; ids grow in the order they were drawn.
// Pure functions only (no DOM, no storage): the page and the worker both use them.

// Every 4th digit of each kind (the 4th, 8th, … 7 drawn) is held out: never trained on, only used to measure
// how well a model reads this person's handwriting, before and after fine-tuning.
export const HOLD_OUT_EVERY = 4;

export function splitHeldOut(digits) {
  const seen = new Array(10).fill(0), train = [], heldOut = [];
  for (const d of [...digits].sort((a, b) => a.id - b.id)) {
    (++seen[d.label] % HOLD_OUT_EVERY === 0 ? heldOut : train).push(d);
  }
  return { train, heldOut };
}

export function countsByDigit(digits) {
  const counts = new Array(10).fill(0);
  for (const d of digits) counts[d.label]++;
  return counts;
}

// The digit to ask for next: the one drawn least so far, the first such after `previous` (so 0, 1, … 9 in turn).
export function nextPrompt(digits, previous = -1) {
  const counts = countsByDigit(digits);
  const fewest = Math.min(...counts);
  for (let k = 1; k <= 10; k++) {
    const d = (previous + k) % 10;
    if (counts[d] === fewest) return d;
  }
  return 0;
}

// Digits laid end to end: { pixels: n × 784 bytes, labels: n bytes }, to send to the worker.
export function packDigits(digits) {
  const pixels = new Uint8Array(digits.length * 784), labels = new Uint8Array(digits.length);
  digits.forEach((d, i) => { pixels.set(d.pixels, i * 784); labels[i] = d.label; });
  return { pixels, labels };
}

// The IDX files (MNIST's format) of packed digits, as the C API's data loader reads them.
export function idxFiles({ pixels, labels }) {
  const n = labels.length;
  const images = new Uint8Array(16 + n * 784), labelFile = new Uint8Array(8 + n);
  const imagesHeader = new DataView(images.buffer), labelsHeader = new DataView(labelFile.buffer);
  [2051, n, 28, 28].forEach((v, i) => imagesHeader.setUint32(i * 4, v));
  [2049, n].forEach((v, i) => labelsHeader.setUint32(i * 4, v));
  images.set(pixels, 16);
  labelFile.set(labels, 8);
  return { images, labels: labelFile };
}

// `incoming` added after `existing` with fresh ids, skipping any digit already there (same label, same pixels).
export function mergeDigits(existing, incoming, nextId) {
  const key = (d) => `${d.label}:${d.pixels.join(',')}`;
  const have = new Set(existing.map(key));
  const digits = [...existing];
  let added = 0;
  for (const d of incoming) {
    const k = key(d);
    if (have.has(k)) continue;
    have.add(k);
    digits.push({ ...d, id: nextId++ });
    added++;
  }
  return { digits, added, duplicates: incoming.length - added, nextId };
}
