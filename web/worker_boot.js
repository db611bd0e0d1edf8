// Starts the worker as early as the page can: this module has no imports and is loaded with `async`, so the
// worker begins compiling the wasm and fetching the pretrained model while the rest of the page still loads.
// WorkerClient.start() adopts this worker the first time instead of making another.
export const earlyWorker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
