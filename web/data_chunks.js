// Downloading the MNIST subset a run needs: only the chunks it needs, with byte progress, each checked (size and
// SHA-256 of its decompressed bytes) before use, and kept in the Cache API so a reload does not download again.
// Runs in the worker. A chunk file is gzip(images IDX ++ labels IDX) for up to 1000 samples (web/tools/make_data.mjs).

const CACHE_NAME = 'scratchnet-data-v1';
const PARALLEL = 4;

export class DataError extends Error {}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Reads a response body, reporting each piece's size to onBytes.
async function readBody(response, onBytes) {
  const reader = response.body.getReader();
  const parts = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
    onBytes(value.length);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return bytes;
}

export async function fetchManifest(baseUrl) {
  let response;
  try {
    response = await fetch(new URL('manifest.json', baseUrl), { cache: 'no-cache' });
  } catch (e) {
    throw new DataError(`Could not reach the server for the MNIST data (${e.message}). Check the connection and retry.`);
  }
  if (!response.ok) throw new DataError(`The MNIST data index is missing (HTTP ${response.status} for manifest.json). Rebuild the site with ./build_wasm.sh, then retry.`);
  return response.json();
}

// Downloads and checks one chunk; returns { images, labels } as Uint8Arrays of IDX files.
async function loadChunk(baseUrl, chunk, cache, onBytes) {
  const url = new URL(chunk.file, baseUrl);
  let response = cache ? await cache.match(url) : undefined;
  const fromCache = Boolean(response);
  if (!response) {
    try {
      response = await fetch(url);
    } catch (e) {
      throw new DataError(`Download of ${chunk.file} failed (${e.message}). Check the connection and retry.`);
    }
    if (!response.ok) throw new DataError(`Download of ${chunk.file} failed: HTTP ${response.status}. Retry, or rebuild the site if it persists.`);
  }
  const compressed = await readBody(response, fromCache ? () => {} : onBytes);
  if (fromCache) onBytes(compressed.length);
  const problem = (what) => {
    if (fromCache && cache) cache.delete(url);  // a bad cached copy must not be used again
    return new DataError(`${chunk.file} is ${what}. It was not used; retry to download it again.`);
  };
  if (compressed.length !== chunk.bytes) throw problem(`${compressed.length} bytes instead of ${chunk.bytes} (truncated?)`);
  let raw;
  try {
    raw = await gunzip(compressed);
  } catch {
    throw problem('not valid gzip data (corrupted)');
  }
  if (raw.length !== chunk.rawBytes || (await sha256Hex(raw)) !== chunk.sha256) throw problem('corrupted (checksum mismatch)');
  if (!fromCache && cache) await cache.put(url, new Response(compressed, { headers: { 'Content-Type': 'application/gzip' } }));
  const split = 16 + chunk.count * 784;
  return { images: raw.subarray(0, split), labels: raw.subarray(split) };
}

// The chunks holding the first `count` samples of a split.
function chunksFor(manifest, split, count) {
  const chunks = [];
  let covered = 0;
  for (const chunk of manifest[split]) {
    if (covered >= count) break;
    chunks.push(chunk);
    covered += chunk.count;
  }
  return chunks;
}

// Those chunks, downloaded in parallel, checked, returned in order.
export async function loadSamples(baseUrl, manifest, split, count, onBytes) {
  const chunks = chunksFor(manifest, split, count);
  let cache = null;
  try { cache = await caches.open(CACHE_NAME); } catch { /* no Cache API (e.g. private mode): download each time */ }
  const results = new Array(chunks.length);
  let next = 0, failed = false;
  async function lane() {
    while (next < chunks.length && !failed) {
      const i = next++;
      try {
        results[i] = await loadChunk(baseUrl, chunks[i], cache, onBytes);
      } catch (e) {
        failed = true;  // the other lanes start no new chunk
        throw e;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, chunks.length) }, lane));
  return results;
}

export function bytesNeeded(manifest, split, count) {
  return chunksFor(manifest, split, count).reduce((bytes, chunk) => bytes + chunk.bytes, 0);
}
