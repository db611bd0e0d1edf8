// The pure parts of "My digits", in node: which digits are held out, what the page asks for next, merging an
// import, the IDX files sent to the wasm loader, and the export file's round trip and every refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idxFiles, mergeDigits, nextPrompt, packDigits, splitHeldOut } from '../../web/my_digits.js';
import { digitsFromFile, digitsToFile } from '../../web/my_digits_file.js';

const image = (value) => new Uint8Array(784).fill(value);
const digit = (id, label, value = id) => ({ id, label, pixels: image(value), drawnAt: '2026-11-28T09:00:00.000Z' });

test('every 4th digit of each kind is held out, counted in the order they were drawn', () => {
  const digits = [];
  for (let id = 1; id <= 20; id++) digits.push(digit(id, id % 2));  // ten 1s (odd ids), ten 0s
  const { train, heldOut } = splitHeldOut(digits.reverse());
  assert.deepEqual(heldOut.map((d) => d.id), [7, 8, 15, 16]);  // the 4th and 8th 1 (ids 7, 15) and 0 (8, 16)
  assert.equal(train.length, 16);
});

test('the page asks for the digit drawn least, in turn after the last one', () => {
  assert.equal(nextPrompt([]), 0);
  assert.equal(nextPrompt([digit(1, 0)], 0), 1);
  assert.equal(nextPrompt([digit(1, 0), digit(2, 3)], 3), 4);  // the first without any after the 3 just drawn
  assert.equal(nextPrompt([digit(1, 0), digit(2, 1), digit(3, 2), digit(4, 4)], 9), 3);
});

test('an import adds only digits not already there, with fresh ids', () => {
  const have = [digit(1, 7, 10)];
  const { digits, added, duplicates, nextId } = mergeDigits(have, [digit(0, 7, 10), digit(0, 7, 11), digit(0, 2, 10)], 2);
  assert.deepEqual(digits.map((d) => [d.id, d.label, d.pixels[0]]), [[1, 7, 10], [2, 7, 11], [3, 2, 10]]);
  assert.equal(added, 2);
  assert.equal(duplicates, 1);
  assert.equal(nextId, 4);
});

test('the IDX files carry the headers the wasm loader checks', () => {
  const { images, labels } = idxFiles(packDigits([digit(1, 4, 9), digit(2, 8, 200)]));
  const view = (a) => new DataView(a.buffer);
  assert.deepEqual([0, 4, 8, 12].map((o) => view(images).getUint32(o)), [2051, 2, 28, 28]);
  assert.deepEqual([0, 4].map((o) => view(labels).getUint32(o)), [2049, 2]);
  assert.equal(images.length, 16 + 2 * 784);
  assert.deepEqual([images[16], images[16 + 784]], [9, 200]);
  assert.deepEqual([...labels.slice(8)], [4, 8]);
});

test('an exported file imports back exactly', () => {
  const digits = [digit(1, 3, 1), digit(2, 9, 255)];
  digits[0].pixels[5] = 77;
  const back = digitsFromFile(digitsToFile(digits));
  assert.deepEqual(back.map((d) => [d.label, d.drawnAt]), [[3, digits[0].drawnAt], [9, digits[1].drawnAt]]);
  assert.deepEqual(back[0].pixels, digits[0].pixels);
  assert.deepEqual(back[1].pixels, digits[1].pixels);
});

test('a bad file is refused with what is wrong with it', () => {
  const good = JSON.parse(digitsToFile([digit(1, 3), digit(2, 5)]));
  const message = (change) => {
    const file = structuredClone(good);
    const text = change(file) ?? JSON.stringify(file);
    try { digitsFromFile(text); } catch (e) { return e.message; }
    return 'accepted';
  };
  assert.equal(message((f) => { f.digits[0].label = 10; }), 'digit 1: its label 10 is not a digit from 0 to 9');
  assert.equal(message(() => '{"format": '), 'it is not a digits file exported from this page (it is not JSON)');
  assert.match(message((f) => { f.format = 'other'; }), /no "format": "scratchnet-digits"/);
  assert.match(message((f) => { f.version = 2; }), /version 2 of the digits format; this page reads version 1/);
  assert.equal(message((f) => { f.digits = []; }), 'it holds no digits');
  assert.equal(message((f) => { f.digits[1].label = 2.5; }), 'digit 2: its label 2.5 is not a digit from 0 to 9');
  assert.equal(message((f) => { delete f.digits[1].label; }), 'digit 2: its label undefined is not a digit from 0 to 9');
  assert.equal(message((f) => { f.digits[0].pixels = '***'; }), 'digit 1: its image is not base64 text');
  assert.equal(message((f) => { f.digits[0].pixels = btoa('x'.repeat(700)); }), 'digit 1: its image has 700 pixels, not 784 (28×28)');
  assert.equal(message((f) => { f.digits[0].pixels = btoa('\0'.repeat(784)); }), 'digit 1: its image is blank');
  assert.match(message((f) => { f.digits = new Array(5001).fill(f.digits[0]); }), /holds 5001 digits; at most 5000/);
});
