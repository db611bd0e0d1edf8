// A small static server for the built site: the right MIME types (application/wasm for .wasm), gzip for text,
// and the cross-origin isolation headers (COOP/COEP) that multi-threaded wasm needs. Loopback only.
// usage: node web/tools/serve.mjs <site folder> [port]   (PORT in the environment also sets the port;
//        PLAIN_STATIC_HOST=1 leaves out the COOP/COEP headers, to behave like an ordinary static host)
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const isolate = !process.env.PLAIN_STATIC_HOST;

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream', '.gz': 'application/gzip', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg']);  // (not the models'
// float weights: 7% smaller for the CPU it takes)

// Each file is compressed once, kept in memory until it changes. Compressing on every request took CPU the
// page's start-up needs on a small machine: the wasm's bytes came in over 200 ms while the browser loaded.
const gzipped = new Map();  // file → { mtimeMs, bytes }
function gzipOf(file) {
  const { mtimeMs } = statSync(file);
  const kept = gzipped.get(file);
  if (kept?.mtimeMs === mtimeMs) return kept.bytes;
  const bytes = gzipSync(readFileSync(file));
  gzipped.set(file, { mtimeMs, bytes });
  return bytes;
}

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  const ext = extname(file);
  const headers = { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' };
  if (isolate) {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    const bytes = gzipOf(file);
    res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': bytes.length });
    return res.end(req.method === 'HEAD' ? undefined : bytes);
  }
  res.writeHead(200, { ...headers, 'Content-Length': statSync(file).size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
});

// The files the page starts with (the site's top folder) are compressed before the server says it is serving.
for (const name of readdirSync(root)) {
  const file = join(root, name);
  if (COMPRESSIBLE.has(extname(name)) && statSync(file).isFile()) gzipOf(file);
}
server.listen(port, host, () => console.log(`scratchnet: serving ${root} at http://${host}:${port}/`));
