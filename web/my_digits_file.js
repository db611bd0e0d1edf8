// The file "My digits" exports and imports: JSON, one entry per digit with its label and its 28×28 image
// (784 bytes, base64). Importing checks everything and names the first problem; nothing is half-imported.
export const FORMAT = 'scratchnet-digits';
export const VERSION = 1;
export const MAX_DIGITS = 5000;
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function digitsToFile(digits) {
  return JSON.stringify({
    format: FORMAT,
    version: VERSION,
    note: 'Handwritten digits drawn on scratchnet: each a 28x28 grayscale image (784 bytes, row by row, 0 = background), base64.',
    digits: digits.map((d) => ({ label: d.label, drawnAt: d.drawnAt, pixels: toBase64(d.pixels) })),
  });
}

// The digits in a file's text, without ids; throws an Error saying what is wrong with the file.
export function digitsFromFile(text) {
  if (text.length > MAX_FILE_BYTES) throw new Error(`it is ${(text.length / 1e6).toFixed(1)} MB, larger than any file of ${MAX_DIGITS} digits`);
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('it is not a digits file exported from this page (it is not JSON)');
  }
  if (data?.format !== FORMAT) throw new Error('it is not a digits file exported from this page (no "format": "scratchnet-digits")');
  if (data.version !== VERSION) throw new Error(`it is version ${data.version} of the digits format; this page reads version ${VERSION}`);
  if (!Array.isArray(data.digits) || data.digits.length === 0) throw new Error('it holds no digits');
  if (data.digits.length > MAX_DIGITS) throw new Error(`it holds ${data.digits.length} digits; at most ${MAX_DIGITS} can be imported`);
  return data.digits.map((d, i) => {
    const where = `digit ${i + 1}`;
    if (!Number.isInteger(d?.label) || d.label < 0 || d.label > 9) throw new Error(`${where}: its label ${JSON.stringify(d?.label)} is not a digit from 0 to 9`);
    const pixels = typeof d.pixels === 'string' ? fromBase64(d.pixels) : null;
    if (!pixels) throw new Error(`${where}: its image is not base64 text`);
    if (pixels.length !== 784) throw new Error(`${where}: its image has ${pixels.length} pixels, not 784 (28×28)`);
    if (pixels.every((v) => v === 0)) throw new Error(`${where}: its image is blank`);
    const drawnAt = typeof d.drawnAt === 'string' && !Number.isNaN(Date.parse(d.drawnAt)) ? d.drawnAt : new Date().toISOString();
    return { label: d.label, pixels, drawnAt };
  });
}

function toBase64(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text) {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
