// Writes <site>/service_worker.js from web/service_worker.js: the list of the site's files to keep for offline
// use (everything but the MNIST chunks, which are cached as they are downloaded) and a build name made from
// their contents, so a new build replaces the old cache.   usage: node web/tools/make_service_worker.mjs dist
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const site = process.argv[2] ?? 'dist';
const template = fileURLToPath(new URL('../service_worker.js', import.meta.url));

function filesIn(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : [path];
  });
}
const files = filesIn(site)
  .map((path) => relative(site, path).split('\\').join('/'))
  .filter((f) => f !== 'service_worker.js' && !f.endsWith('.idx.gz'))
  .sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(site, f)));
const build = hash.digest('hex').slice(0, 16);
const source = readFileSync(template, 'utf8')
  .replace("'__BUILD__'", JSON.stringify(build))
  .replace('__FILES__', JSON.stringify(['./', ...files]));
writeFileSync(join(site, 'service_worker.js'), source);
console.log(`service worker: build ${build}, ${files.length} files kept for offline use`);
