// Starts the worker as early as the page can: this module has no imports and is loaded with `async`, so the
// worker begins compiling the wasm and fetching the pretrained models while the rest of the page still loads.
// (In dist/ the bundle of this file is a small chunk that main.js's bundle shares, so there is one worker.)
// WorkerClient.start() adopts this worker the first time instead of making another.

// The worker's URL carries the page's ?build= choice (single: force the single-threaded build).
export function workerUrl() {
  const url = new URL('./worker.js', import.meta.url);
  const build = new URLSearchParams(location.search).get('build');
  if (build) url.searchParams.set('build', build);
  return url;
}

export const earlyWorker = new Worker(workerUrl(), { type: 'module' });
