// The service worker: after the first visit the page works offline, and it can be installed as an app. It keeps
// this build's files (the page, the wasm, the pretrained models, the data manifest) in a cache named after the
// build, and answers from the caches first: the MNIST chunks the page has downloaded are in data_chunks.js's own
// cache. A new build has a new name: it fills its cache on install and deletes the old one when it takes over.
const BUILD = '__BUILD__';  // these two lines are filled in by web/tools/make_service_worker.mjs
const FILES = __FILES__;
const CACHE = `scratchnet-app-${BUILD}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('scratchnet-app-') && n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// Cache first is safe for the app's files because every build gets its own cache; the query (?debug,
// ?build=single) does not change a file. What no cache has comes from the network.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((cached) => cached ?? fetch(request)));
});
