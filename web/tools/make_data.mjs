// Build step: cuts the MNIST IDX files into gzip'd chunks of up to 1000 samples, each a complete images IDX
// file followed by its labels IDX file, and writes manifest.json with every chunk's sizes and SHA-256.
// usage: node web/tools/make_data.mjs <mnist folder> <output folder>
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const CHUNK = 1000;
const [source, out] = process.argv.slice(2);
if (!source || !out) {
  console.error('usage: node web/tools/make_data.mjs <mnist folder> <output folder>');
  process.exit(2);
}

function be32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function split(name, imagesFile, labelsFile) {
  const images = readFileSync(join(source, imagesFile)), labels = readFileSync(join(source, labelsFile));
  const count = images.readUInt32BE(4);
  const chunks = [];
  for (let start = 0, i = 0; start < count; start += CHUNK, i++) {
    const n = Math.min(CHUNK, count - start);
    const raw = Buffer.concat([
      be32(2051), be32(n), be32(28), be32(28), images.subarray(16 + start * 784, 16 + (start + n) * 784),
      be32(2049), be32(n), labels.subarray(8 + start, 8 + start + n),
    ]);
    const gz = gzipSync(raw, { level: 9 });
    const file = `${name}-${String(i).padStart(2, '0')}.idx.gz`;
    writeFileSync(join(out, file), gz);
    chunks.push({ file, count: n, bytes: gz.length, rawBytes: raw.length, sha256: createHash('sha256').update(raw).digest('hex') });
  }
  return chunks;
}

mkdirSync(out, { recursive: true });
const manifest = {
  chunkSize: CHUNK,
  train: split('train', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
  test: split('test', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'),
};
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 1));
const total = [...manifest.train, ...manifest.test].reduce((s, c) => s + c.bytes, 0);
console.log(`data: ${manifest.train.length} training and ${manifest.test.length} test chunks, ${(total / 1e6).toFixed(1)} MB gzip'd`);
