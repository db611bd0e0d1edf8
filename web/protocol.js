// Message names shared by the page (worker_client.js) and the worker (worker.js), so neither side spells them.
// Requests carry an `id`; the worker answers each with a Reply of the same id. Events have no id.
export const Request = Object.freeze({
  init: 'init',             // {} → { cnn: info, mlp: info, trained: info (+ origin)|null, trainedError, presets, build, maxThreads }
  predict: 'predict',       // { model, gray: Uint8Array, width, height } → { empty, probabilities, input }
  loadData: 'loadData',     // { train, test } sample counts → { train, test } (progress as DataProgress events)
  warmUp: 'warmUp',         // { options } → {} once done: the training code run briefly on made-up digits (sn_warm_up)
  train: 'train',           // { options, testLimit } → {} once started (progress as events)
  fineTune: 'fineTune',     // { model, mine, heldOut: { pixels, labels }, options, mnistSamples, repeats, testLimit }
                            //   → { model: info, before: { mnist: evaluation, heldOut: readings } }; then as train
  pause: 'pause',
  resume: 'resume',
  stop: 'stop',             // ends the run; the weights trained so far stay as the trained model
  evaluate: 'evaluate',     // { model, limit } → evaluation
  analyse: 'analyse',       // { model, test } → evaluation (downloads the test digits if needed)
  gallery: 'gallery',       // { model, testLimit, truth, predicted } or { model, testLimit, confidentlyWrong: true }
                            //   → { items: [{ index, label, predicted, probabilities, pixels }], total }
  testDigit: 'testDigit',   // { index } → { index, label, pixels } from MNIST's test set (its first chunk)
  weights: 'weights',       // { model } → { kind: 'dense'|'conv2d', units, kernel, channels, height, width, weights }
  saveModel: 'saveModel',   // { model } → { bytes: ArrayBuffer }
  loadModel: 'loadModel',   // { bytes: ArrayBuffer } → info; a refused file leaves the current models alone
  benchInference: 'benchInference',  // { model } → { microseconds } for one forward pass (benchmark)
  crash: 'crash',           // test hook: makes the wasm abort, to exercise recovery
});

export const Event = Object.freeze({
  dataProgress: 'dataProgress',  // { loaded, total } bytes
  trainProgress: 'trainProgress',  // { epoch, batch, batchesPerEpoch, epochs, samples, loss, lr, seconds, samplesPerSecond, heapBytes }
  evaluated: 'evaluated',        // { epoch, samples, seconds, evaluation } during training
  trainEnded: 'trainEnded',      // { reason: 'finished'|'stopped'|'diverged'|'error', message?, model: info,
                                 //   fineTuned?: { before, after } each { mnist: evaluation, heldOut: readings } }
  warning: 'warning',            // { message } something the user should know, nothing lost
  fatal: 'fatal',                // { message } the wasm aborted: the worker is unusable
});

export const Reply = 'reply';    // { id, ok, result?, error? }
