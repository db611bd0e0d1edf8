// The worker: the only place the wasm module lives. It predicts, downloads data, and trains in ~25 ms slices,
// yielding between them so predict, pause and stop requests get through while a run is going.
import { Event, Reply, Request } from './protocol.js';
import { DataError, bytesNeeded, fetchManifest, loadSamples } from './data_chunks.js';
import { loadTrainedModel, saveTrainedModel } from './model_store.js';
import { idxFiles } from './my_digits.js';

const SLICE_MS = 25;
// The page redraws on each progress report (status, bar, loss chart), at a cost of about 8% of a core on its
// main thread and 5% on its compositor at 10 reports a second. While a core is idle that costs training
// nothing; when the run's threads take every core, it comes out of training: two threads on two cores
// trained 5-13% faster with 4 reports a second (tests/bench/tab_cpu.mjs), which still reads as live.
const PROGRESS_EVERY_MS = 100;
const PROGRESS_EVERY_MS_ON_EVERY_CORE = 250;
// Test accuracy is measured at each epoch's end and, for long epochs, every 2 s of training, or less often when
// measuring is slow (the CNN on 10k test digits takes about a second): it never takes more than a seventh of
// the time. A page URL with ?evalEvery=S (the benchmark's) measures every S seconds exactly.
const EVAL_EVERY_SECONDS = 2;
const EVAL_TIME_SHARE = 1 / 7;
const DATA_URL = new URL('./data/', import.meta.url);
// The warm-up (Request.warmUp, sn_warm_up): 8 pieces of training on made-up digits, each until 8 ms have passed
// and a step more, a prediction waiting for one piece at most (10–40 ms in the tab; the first, unoptimized, longer).
const WARM_UP_PIECES = 8;
const WARM_UP_PIECE_MS = 8;

let M = null;                                 // the wasm module, once init has loaded the models
// The multi-threaded build runs wherever it can: it needs SharedArrayBuffer, which browsers give only to
// cross-origin isolated pages (the --serve server sends the COOP/COEP headers). Elsewhere (a plain static host)
// the single-threaded build runs, as it does with ?build=single on the page's URL. Two threads train 1.3–1.7×
// as fast as one in the tab (see README), and the page is ready about as soon.
const workerParams = new URL(import.meta.url).searchParams;
const multiThreaded = self.crossOriginIsolated && workerParams.get('build') !== 'single';
const buildInfo = multiThreaded
  ? { build: 'multi-threaded', maxThreads: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) }
  : { build: 'single-threaded', maxThreads: 1 };
// Compiling the module starts as soon as the worker does, while the page is still loading. Its .wasm is
// fetched at once beside its .mjs, which would otherwise ask for it only once it had arrived and run.
const moduleName = multiThreaded ? 'scratchnet-mt' : 'scratchnet';
const wasmResponse = fetch(new URL(`./${moduleName}.wasm`, import.meta.url));
wasmResponse.catch(() => {});  // reported by init
const modulePromise = (multiThreaded ? import('./scratchnet-mt.mjs') : import('./scratchnet.mjs'))
  .then(({ default: create }) => new Promise((resolve, reject) => {
    create({
      onAbort: (what) => post(Event.fatal, { message: `the WebAssembly module aborted (${what})` }),
      instantiateWasm(imports, receiveInstance) {
        instantiate(wasmResponse, imports).then(({ instance, module }) => receiveInstance(instance, module), reject);
        return {};  // the exports come later, through receiveInstance
      },
    }).then(resolve, reject);
  }));

async function instantiate(responsePromise, imports) {
  const response = await responsePromise.catch((e) => {
    throw new Error(`the WebAssembly module ${moduleName}.wasm could not be downloaded (${e.message})`);
  });
  if (!response.ok) throw new Error(`the WebAssembly module ${moduleName}.wasm is missing (HTTP ${response.status}); rebuild the site with ./build_wasm.sh`);
  // Compiled while it downloads, unless the host sends it as another type than application/wasm.
  if (response.headers.get('Content-Type')?.startsWith('application/wasm')) return WebAssembly.instantiateStreaming(response, imports);
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
// The two pretrained models the site ships (built by build_wasm.sh), fetched while the module compiles.
const PRETRAINED = ['cnn', 'mlp'];
const pretrainedPromises = PRETRAINED.map((name) => fetch(new URL(`./models/${name}.bin`, import.meta.url)).then((response) => {
  if (!response.ok) throw new Error(`the pretrained ${name} model is missing (HTTP ${response.status}); rebuild the site with ./build_wasm.sh`);
  return response.arrayBuffer();
}));
pretrainedPromises.forEach((p) => p.catch(() => {}));  // reported by init
const trainedPromise = loadTrainedModel();  // the model trained in this browser, kept in IndexedDB
const models = { cnn: 0, mlp: 0, trained: 0 }; // network handles; 0 = none
let trainedOrigin = 'trained';                // how models.trained came to be: 'trained', 'fine-tuned' or 'loaded'
let run = null;                               // the training run: { handle, paused, testLimit, lastEvalSeconds, fineTune? }
let manifest = null;
let testDigits = null;  // MNIST's first test chunk, for "Test digit" (kept apart from the data loaded for training)

const post = (type, payload = {}, transfer = []) => self.postMessage({ type, ...payload }, transfer);

// --- calling the C API -------------------------------------------------------------------------------------
// Views of the wasm memory, made again whenever it has grown. In the multi-threaded build the memory can grow
// on another thread, and Module.HEAP* would then still show the old, shorter buffer.
let views = null;
function heap() {
  const buffer = M.wasmMemory ? M.wasmMemory.buffer : M.HEAPU8.buffer;
  if (views?.buffer !== buffer) {
    views = { buffer, u8: new Uint8Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer) };
  }
  return views;
}
function lastError() { return M.UTF8ToString(M._sn_last_error()); }
function check(status) {
  if (status < 0) throw new Error(lastError());
  return status;
}
// Copies byte arrays into the wasm heap for the length of one call. Views of M.HEAP* are made fresh each time:
// the heap may grow (and detach old views) during any call.
function withBytes(arrays, call) {
  const pointers = arrays.map((a) => {
    const p = M._malloc(Math.max(1, a.length));
    heap().u8.set(a, p);
    return p;
  });
  try {
    return call(...pointers);
  } finally {
    pointers.forEach((p) => M._free(p));
  }
}
function withString(text, call) {
  const size = M.lengthBytesUTF8(text) + 1;
  const p = M._malloc(size);
  M.stringToUTF8(text, p, size);
  try { return call(p); } finally { M._free(p); }
}
function floats(pointer, count) { return heap().f32.slice(pointer >> 2, (pointer >> 2) + count); }
function doubles(pointer, count) { return heap().f64.slice(pointer >> 3, (pointer >> 3) + count); }

function loadNet(bytes) { return check(withBytes([new Uint8Array(bytes)], (p) => M._sn_net_load(p, bytes.byteLength))); }
function netInfo(handle) {
  return handle ? { architecture: M.UTF8ToString(M._sn_net_describe(handle)), parameters: M._sn_net_parameter_count(handle) } : null;
}
function trainedInfo() { return models.trained ? { ...netInfo(models.trained), origin: trainedOrigin } : null; }
// Makes `handle` the trained model (freeing the one before), made by `origin`.
function replaceTrained(handle, origin) {
  if (models.trained) M._sn_net_free(models.trained);
  models.trained = handle;
  trainedOrigin = origin;
}
function saveNet(handle) {
  const size = check(M._sn_net_save(handle));
  return heap().u8.slice(M._sn_bytes(), M._sn_bytes() + size).buffer;
}
// What the C side's last evaluation (and its per-sample readings) was of: a gallery reuses it while neither the
// weights nor the test data have changed since. `changes` counts training slices and data loads.
let changes = 0, lastEvaluated = null;
function evaluation(handle, limit) {
  check(M._sn_evaluate(handle, limit));
  const e = doubles(M._sn_evaluation(), 114);
  const confusion = [];
  for (let t = 0; t < 10; t++) confusion.push(Array.from(e.subarray(14 + t * 10, 24 + t * 10)));
  const result = { count: e[0], loss: e[1], accuracy: e[2], stderr: e[3], classAccuracy: Array.from(e.subarray(4, 14)), confusion };
  lastEvaluated = { handle, limit, changes, count: e[0], result };
  return result;
}
// The same, reusing the last evaluation if it was of this network, on these digits, with these weights.
function currentEvaluation(handle, limit) {
  const last = lastEvaluated;
  return last && last.handle === handle && last.limit === limit && last.changes === changes ? last.result : evaluation(handle, limit);
}

// A network's ten probabilities for a 28×28 digit already preprocessed (784 bytes, 0 = background).
function classifyPixels(handle, pixels) {
  const input = M._sn_network_input() >> 2, f32 = heap().f32;
  for (let i = 0; i < 784; i++) f32[input + i] = pixels[i] / 255;
  check(M._sn_classify_input(handle));
  return floats(M._sn_probabilities(), 10);
}

// How a network reads digits of the user's, given as { pixels (n × 784 bytes), labels }: the digit read and
// how sure, for each.
function readDigits(handle, { pixels, labels }) {
  const predicted = [], confidence = [];
  for (let i = 0; i < labels.length; i++) {
    const p = classifyPixels(handle, pixels.subarray(i * 784, (i + 1) * 784));
    const best = p.indexOf(Math.max(...p));
    predicted.push(best);
    confidence.push(p[best]);
  }
  const correct = predicted.filter((d, i) => d === labels[i]).length;
  return { predicted, confidence, correct, count: labels.length };
}
function modelHandle(name) {
  if (!models[name]) throw new Error(`There is no ${name} model${name === 'trained' ? ' yet: train one or load a file' : ''}.`);
  return models[name];
}

// What a network computed inside for the image it just read: its last hidden layer (the ReLU before the last
// dense layer: 128 units in both the MLP and the CNN), which of those units pushed the winning digit's score up
// the most (activation × its weight to that digit), and for a CNN the first convolution's feature maps.
function insideOf(handle, probabilities) {
  const layers = M._sn_net_layer_count(handle);
  const units = check(M._sn_net_activation_size(handle, layers - 2));
  const hidden = floats(M._sn_net_activation(handle, layers - 2), units);
  let win = 0;
  for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[win]) win = d;
  const lastW = (M._sn_net_parameters(handle) >> 2) + M._sn_net_parameter_count(handle) - (10 * units + 10);
  const f32 = heap().f32;  // the last dense layer's W is (10 × units), column-major: W(d, j) at d + 10·j
  const top = Array.from(hidden, (a, unit) => ({ unit, push: a * f32[lastW + win + 10 * unit] }))
    .sort((a, b) => b.push - a.push).slice(0, 5);
  const inside = { hidden, top, win };
  const first = new Int32Array(heap().buffer, M._sn_net_first_layer(handle), 6);
  if (first[0] === 3) {  // conv2d: layer 1 is its ReLU, (filters × H × W)
    const size = check(M._sn_net_activation_size(handle, 1)), count = first[1];
    inside.maps = { count, side: Math.round(Math.sqrt(size / count)), values: floats(M._sn_net_activation(handle, 1), size) };
  }
  return inside;
}

// Puts downloaded chunks into the wasm data sets: [[split, chunks], …]. Only a complete, checked download
// reaches the wasm side; on any refusal those splits are left empty, not half-loaded.
function putSplits(splits) {
  if (splits.length === 0) return;
  changes++;
  try {
    for (const [split, chunks] of splits) {
      check(M._sn_data_clear(split, chunks.reduce((n, c) => n + (c.labels.length - 8), 0)));
      for (const c of chunks) {
        withBytes([c.images, c.labels], (pi, pl) => check(M._sn_data_append(split, pi, c.images.length, pl, c.labels.length)));
      }
    }
  } catch (e) {
    for (const [split] of splits) M._sn_data_clear(split, 0);
    throw new DataError(`The downloaded data was refused: ${e.message}`);
  }
}

// An onBytes callback for downloads of `total` bytes that posts DataProgress events, at most every 50 ms.
function progressReporter(total) {
  let loaded = 0, lastPost = 0;
  return (n) => {
    loaded += n;
    const now = performance.now();
    if (now - lastPost > 50 || loaded === total) { post(Event.dataProgress, { loaded, total }); lastPost = now; }
  };
}

// Downloads MNIST's first `train` training and `test` test digits, unless at least that many are loaded.
async function ensureData(train, test) {
  manifest ??= await fetchManifest(DATA_URL);
  const needTrain = M._sn_data_count(0) < train, needTest = M._sn_data_count(1) < test;
  const onBytes = progressReporter((needTrain ? bytesNeeded(manifest, 'train', train) : 0) + (needTest ? bytesNeeded(manifest, 'test', test) : 0));
  const [trainChunks, testChunks] = await Promise.all([
    needTrain ? loadSamples(DATA_URL, manifest, 'train', train, onBytes) : null,
    needTest ? loadSamples(DATA_URL, manifest, 'test', test, onBytes) : null,
  ]);
  putSplits([[0, trainChunks], [1, testChunks]].filter(([, chunks]) => chunks));
}

// --- requests ----------------------------------------------------------------------------------------------
const handlers = {
  async [Request.init]() {
    const [module, trained, ...pretrained] = await Promise.all([modulePromise, trainedPromise, ...pretrainedPromises]);
    M = module;
    PRETRAINED.forEach((name, i) => { models[name] = loadNet(pretrained[i]); });
    let trainedError = null;
    if (trained) {
      try {
        models.trained = loadNet(trained.bytes);
        trainedOrigin = trained.origin;
      } catch (e) { trainedError = e.message; }
    }
    const presets = {};
    for (const name of ['mlp', 'cnn', 'seed']) presets[name] = withString(name, (p) => M.UTF8ToString(M._sn_preset(p)));
    return { cnn: netInfo(models.cnn), mlp: netInfo(models.mlp), trained: trainedInfo(), trainedError, presets, ...buildInfo };
  },

  // The drawing is preprocessed once, then read by every loaded model, so the page can compare them.
  [Request.predict]({ model, gray, width, height }) {
    const status = check(withBytes([gray], (p) => M._sn_predict(modelHandle(model), p, width, height)));
    const readings = { [model]: floats(M._sn_probabilities(), 10) };
    if (status === 1) {
      for (const [name, handle] of Object.entries(models)) {
        if (handle && name !== model) readings[name] = (check(M._sn_classify_input(handle)), floats(M._sn_probabilities(), 10));
      }
    }
    const inside = status === 1 ? insideOf(modelHandle(model), readings[model]) : null;
    return { empty: status === 0, probabilities: readings[model], readings, inside, input: floats(M._sn_network_input(), 784) };
  },

  async [Request.loadData]({ train, test }) {
    if (run) throw new Error('Stop the training run before loading other data.');
    manifest ??= await fetchManifest(DATA_URL);
    const onBytes = progressReporter(bytesNeeded(manifest, 'train', train) + bytesNeeded(manifest, 'test', test));
    const [trainChunks, testChunks] = await Promise.all([
      loadSamples(DATA_URL, manifest, 'train', train, onBytes),
      loadSamples(DATA_URL, manifest, 'test', test, onBytes),
    ]);
    putSplits([[0, trainChunks], [1, testChunks]]);
    return { train: M._sn_data_count(0), test: M._sn_data_count(1) };
  },

  // The error analysis of any loaded model, on demand: its evaluation on the first `test` test digits,
  // downloading them first if fewer are loaded (not during a run, which keeps the data it has).
  async [Request.analyse]({ model, test }) {
    const handle = modelHandle(model);
    if (!run) await ensureData(0, test);
    if (M._sn_data_count(1) === 0) throw new Error('No test digits are loaded yet.');
    return evaluation(handle, test);
  },

  // Runs the training code on made-up digits for a moment while the page is idle, so that the browser has
  // optimized it before the first run (see sn_warm_up). Stops as soon as a run starts.
  async [Request.warmUp]({ options }) {
    for (let piece = 0; piece < WARM_UP_PIECES && !run; piece++) {
      check(withString(options, (p) => M._sn_warm_up(p, WARM_UP_PIECE_MS)));
      await new Promise((resolve) => setTimeout(resolve));  // requests that came meanwhile go first
    }
  },

  [Request.train]({ options, testLimit, evalEverySeconds }) {
    if (run) throw new Error('A training run is already going.');
    const handle = check(withString(options, (p) => M._sn_train_begin(p)));
    replaceTrained(handle, 'trained');
    startRun(handle, testLimit, evalEverySeconds);
    return { model: trainedInfo() };
  },

  // Fine-tunes `model` on the user's digits (`mine`, packed) mixed with `mnistSamples` MNIST training digits
  // (sn_train_begin_from), as a run with the usual progress events. The held-out digits and the MNIST test set
  // are read by the model before; the run's end (trainEnded) brings how the fine-tuned model reads them.
  async [Request.fineTune]({ model, mine, heldOut, options, mnistSamples, repeats, testLimit }) {
    if (run) throw new Error('A training run is already going.');
    const source = modelHandle(model);
    await ensureData(mnistSamples, testLimit);
    const files = idxFiles(mine);
    check(M._sn_data_clear(2, mine.labels.length));
    withBytes([files.images, files.labels], (pi, pl) => check(M._sn_data_append(2, pi, files.images.length, pl, files.labels.length)));
    const before = { mnist: currentEvaluation(source, testLimit), heldOut: readDigits(source, heldOut) };
    const handle = check(withString(options, (p) => M._sn_train_begin_from(source, p, mnistSamples, repeats)));
    replaceTrained(handle, 'fine-tuned');
    startRun(handle, testLimit);
    run.fineTune = { heldOut, before };
    return { model: trainedInfo(), before };
  },

  [Request.pause]() {
    if (run) run.paused = true;
    answerWaitingForProgress();
    return {};
  },
  [Request.resume]() {
    if (run && run.paused) { run.paused = false; yieldThen(trainSlice); }
    return {};
  },
  [Request.stop]() {
    if (run) endRun('stopped');
    return {};
  },

  [Request.evaluate]({ model, limit }) { return evaluation(modelHandle(model), limit); },
  [Request.saveModel]({ model }) {
    const bytes = saveNet(modelHandle(model));
    return { bytes, transfer: [bytes] };
  },
  [Request.loadModel]({ bytes }) {
    if (run) throw new Error('Stop the training run before loading a model.');
    replaceTrained(loadNet(bytes), 'loaded');  // a refused file throws first, leaving the current models alone
    saveTrained();
    return trainedInfo();
  },
  async [Request.testDigit]({ index }) {
    manifest ??= await fetchManifest(DATA_URL);
    testDigits ??= (await loadSamples(DATA_URL, manifest, 'test', 1, () => {}))[0];
    const count = testDigits.labels.length - 8;  // IDX: 8 bytes of header before the labels, 16 before the images
    const i = ((index % count) + count) % count;
    return { index: i, label: testDigits.labels[8 + i], pixels: testDigits.images.slice(16 + i * 784, 16 + (i + 1) * 784) };
  },
  // The first layer's weights, to draw (weightsOf). While a run goes on, the answer waits for the run's next
  // progress report and follows it, so the page draws both in one frame (when training takes every core, each
  // frame the page draws comes out of the training threads' time).
  [Request.weights]({ model }) {
    if (!run || run.paused) return weightsOf(model);
    return new Promise((resolve, reject) => run.waitingForProgress.push(() => {
      try { resolve(weightsOf(model)); } catch (e) { reject(e); }  // an error answers the request, not the run
    }));
  },
  // The test digits behind one cell of the confusion matrix (true digit, digit read), or the most confidently
  // wrong ones, each with its ten probabilities and its pixels (0..255), at most `limit` of them.
  [Request.gallery]({ model, testLimit, truth, predicted, confidentlyWrong = false, limit = 40 }) {
    const handle = modelHandle(model);
    const count = currentEvaluation(handle, testLimit).count;
    const read = heap().u8.slice(M._sn_evaluation_predicted(), M._sn_evaluation_predicted() + count);
    const confidence = floats(M._sn_evaluation_confidence(), count);
    const labels = heap().u8.slice(M._sn_data_labels(1), M._sn_data_labels(1) + count);
    let indices = [];
    for (let i = 0; i < count; i++) {
      if (confidentlyWrong ? read[i] !== labels[i] : labels[i] === truth && read[i] === predicted) indices.push(i);
    }
    if (confidentlyWrong) indices.sort((a, b) => confidence[b] - confidence[a]);
    const total = indices.length;
    indices = indices.slice(0, limit);
    const items = indices.map((index) => {
      const at = M._sn_data_images(1) + index * 784;
      const pixels = heap().u8.slice(at, at + 784);
      return { index, label: labels[index], predicted: read[index], probabilities: classifyPixels(handle, pixels), pixels };
    });
    return { items, total };
  },
  // Median time of the network's forward pass on one preprocessed digit, in microseconds (the benchmark's).
  [Request.benchInference]({ model, iterations = 2000 }) {
    const handle = modelHandle(model);
    const times = [];
    for (let round = 0; round < 15; round++) {
      const start = performance.now();
      for (let i = 0; i < iterations; i++) M._sn_classify_input(handle);
      times.push(((performance.now() - start) * 1000) / iterations);
    }
    return { microseconds: times.sort((a, b) => a - b)[7] };
  },
  [Request.crash]() {
    M._sn_predict(models.mlp, 0x7ffffff0, 4096, 4096);  // reads far past the heap: a real wasm trap
    return {};
  },
};

// The first layer's weights of a model, to draw: a dense layer's (units × pixels) or a conv layer's (filters ×
// k·k), column-major as in the parameter buffer.
function weightsOf(model) {
  const handle = modelHandle(model);
  const info = new Int32Array(heap().buffer, M._sn_net_first_layer(handle), 6).slice();
  const [kindCode, units, kernel, channels, height, width] = info;
  const kind = kindCode === 3 ? 'conv2d' : 'dense';
  const count = units * (kind === 'conv2d' ? channels * kernel * kernel : channels * height * width);
  const weights = floats(M._sn_net_parameters(handle), count);
  return { kind, units, kernel, channels, height, width, weights, transfer: [weights.buffer] };
}

// --- the training loop -------------------------------------------------------------------------------------
// Yield to the event loop without setTimeout's 4 ms clamp, so the page's messages are handled between slices.
const channel = new MessageChannel();
let afterYield = null;
channel.port1.onmessage = () => { const f = afterYield; afterYield = null; f?.(); };
function yieldThen(f) { afterYield = f; channel.port2.postMessage(0); }

function progressOf(p) {
  return {
    epoch: p[0], batch: p[1], batchesPerEpoch: p[2], epochs: p[3], samples: p[4], lastLoss: p[5], loss: p[6],
    lr: p[7], seconds: p[8], samplesPerSecond: p[8] > 0 ? p[4] / p[8] : 0, epochsCompleted: p[9],
    threadsWaitingShare: p[10], heapBytes: heap().buffer.byteLength,
  };
}

// Measures test accuracy now; returns the Event.evaluated message to post.
function evaluationEvent(progress) {
  run.lastEvalSeconds = progress.seconds;
  const start = performance.now();
  const result = evaluation(run.handle, run.testLimit);
  const evalSeconds = (performance.now() - start) / 1000;
  if (run.adaptiveEval) run.evalEverySeconds = Math.max(EVAL_EVERY_SECONDS, (evalSeconds * (1 - EVAL_TIME_SHARE)) / EVAL_TIME_SHARE);
  return {
    epoch: progress.epoch + progress.batch / progress.batchesPerEpoch, samples: progress.samples,
    seconds: progress.seconds, evaluation: result,
  };
}

// Starts the run sn_train_begin(_from) made.
function startRun(handle, testLimit, evalEverySeconds) {
  const onEveryCore = M._sn_train_threads() >= (navigator.hardwareConcurrency || 1);
  run = {
    handle, paused: false, testLimit, lastEvalSeconds: 0, lastReport: 0, lossSum: 0, lossSlices: 0, waitingForProgress: [],
    progressEveryMs: onEveryCore ? PROGRESS_EVERY_MS_ON_EVERY_CORE : PROGRESS_EVERY_MS,
    evalEverySeconds: evalEverySeconds ?? EVAL_EVERY_SECONDS, adaptiveEval: evalEverySeconds === undefined,
  };
  yieldThen(trainSlice);
}

// Keeps the trained model in IndexedDB, so a reload (or a worker crash) does not lose it.
function saveTrained() {
  saveTrainedModel(saveNet(models.trained), trainedOrigin)
    .catch((e) => post(Event.warning, { message: `Could not keep the trained model in this browser: ${e.message}` }));
}

// Requests held for the next progress report (Request.weights) are answered now.
function answerWaitingForProgress() {
  for (const answer of run?.waitingForProgress.splice(0) ?? []) answer();
}

function endRun(reason, message) {
  M._sn_train_end();
  answerWaitingForProgress();
  const { handle, testLimit, fineTune } = run;
  run = null;
  saveTrained();
  let fineTuned;
  if (fineTune) {
    try {
      const after = { mnist: currentEvaluation(handle, testLimit), heldOut: readDigits(handle, fineTune.heldOut) };
      fineTuned = { before: fineTune.before, after };
    } catch (e) {
      message = `${message ? `${message} ` : ''}The fine-tuned model could not be measured: ${e.message}`;
    }
  }
  post(Event.trainEnded, { reason, message, model: trainedInfo(), fineTuned });
}

function trainSlice() {
  if (!run || run.paused) return;
  try {
    const status = M._sn_train_run(SLICE_MS);
    changes++;
    if (status === -2) return endRun('diverged', lastError());
    check(status);
    const progress = progressOf(doubles(M._sn_train_progress(), 11));
    if (Number.isFinite(progress.loss)) { run.lossSum += progress.loss; run.lossSlices++; }
    // Test accuracy, when due, is measured before the progress report is posted, so the page gets both at once
    // and draws them in one frame.
    const evaluate = progress.epochsCompleted > 0 || status === 1 || progress.seconds - run.lastEvalSeconds >= run.evalEverySeconds;
    const evaluated = evaluate ? evaluationEvent(progress) : null;
    const now = performance.now();
    if (now - run.lastReport >= run.progressEveryMs || progress.epochsCompleted > 0 || status === 1) {
      progress.loss = run.lossSlices ? run.lossSum / run.lossSlices : NaN;  // the mean since the last report
      post(Event.trainProgress, progress);
      answerWaitingForProgress();
      run.lastReport = now;
      run.lossSum = 0;
      run.lossSlices = 0;
    }
    if (evaluated) {
      post(Event.evaluated, evaluated);
      if (progress.epochsCompleted > 0 && status !== 1) saveTrained();
    }
    if (status === 1) return endRun('finished');
    yieldThen(trainSlice);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) throw e;
    endRun('error', e.message);
  }
}

// --- dispatch ----------------------------------------------------------------------------------------------
self.onmessage = async ({ data }) => {
  const { id, type, ...payload } = data;
  try {
    if (!M && type !== Request.init) throw new Error('The worker is still starting.');
    const result = (await handlers[type](payload)) ?? {};
    const transfer = result.transfer ?? [];
    delete result.transfer;
    self.postMessage({ type: Reply, id, ok: true, result }, transfer);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      // A trap leaves the module in an unknown state: report it, and refuse everything after.
      post(Event.fatal, { message: `the WebAssembly module crashed (${e.message})` });
      M = null;
      self.close();
      return;
    }
    self.postMessage({ type: Reply, id, ok: false, error: e.message, dataError: e instanceof DataError });
  }
};
