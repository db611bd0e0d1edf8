// Starts the worker as early as the page can: the page loads this module with `async`, so the worker begins
// compiling the wasm and fetching the pretrained models while the rest of the page still loads. In dist/ this
// file is a bundle of its own with no imports (build_wasm.sh), so nothing waits for another download first.
// The page's bundle has its own copy of this module: whichever copy runs first starts the worker, and hands it
// over through a global; WorkerClient.start() adopts it the first time instead of making another.

// The worker's URL carries the page's ?build= choice (single: force the single-threaded build).
export function workerUrl() {
  const url = new URL('./worker.js', import.meta.url);
  const build = new URLSearchParams(location.search).get('build');
  if (build) url.searchParams.set('build', build);
  return url;
}

// The early worker, once: null after the first call (and if the worker has been adopted already).
export function takeEarlyWorker() {
  const worker = globalThis.scratchnetEarlyWorker;
  globalThis.scratchnetEarlyWorker = null;
  return worker;
}

if (globalThis.scratchnetEarlyWorker === undefined) {
  globalThis.scratchnetEarlyWorker = new Worker(workerUrl(), { type: 'module' });
}
