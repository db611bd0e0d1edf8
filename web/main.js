// The page: wires the drawing pad, the worker, the training form, the charts and the model store together.
// One state object; each handler updates it and the few elements that show it.
import { DrawingPad } from './draw.js';
import { ModelCompareView } from './model_compare_view.js';
import { PredictionView } from './prediction_view.js';
import { renderGallery } from './gallery_view.js';
import { renderResults } from './results_view.js';
import { WeightsView } from './weights_view.js';
import { ActivationsView } from './activations_view.js';
import { MyDigitsPanel } from './my_digits_panel.js';
import { renderFineTuneResults } from './my_digits_view.js';
import { packDigits } from './my_digits.js';
import { withThousands } from './numbers.js';
import { Event, Request } from './protocol.js';
import { WorkerClient } from './worker_client.js';
import { fillFromPreset, offerThreads, readOptions, readSettingsFromUrl, writeSettingsToUrl } from './training_form.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// ?debug: hooks for the tests and the benchmark (event log, pen-up latencies, a worker crash).
const debug = params.has('debug') ? { events: [], latencies: [], readyAt: null } : null;

// The pretrained model that reads drawings by default: the one that reads more of our own pointer-drawn test
// digits (tests/handwriting: CNN 99.7%, MLP 99.4%) and of MNIST's test set (99.46% against 98.13%; README).
const DEFAULT_MODEL = 'cnn';
const MODEL_FILE_NAMES = { cnn: 'scratchnet-cnn.bin', mlp: 'scratchnet-mlp.bin', trained: 'scratchnet-trained.bin' };
const TRAINED_NAMES = { trained: 'trained here', 'fine-tuned': 'fine-tuned here', loaded: 'loaded from a file' };
const trainedName = (info) => TRAINED_NAMES[info?.origin] ?? TRAINED_NAMES.trained;
// Fine-tuning on the user's digits: three passes over them, each repeated so they make about a quarter of
// every pass, mixed with MNIST training digits drawn at random; Adam, and augmentation (each repeat is shifted,
// turned and thickened differently). Measured on mirror writing (tests/e2e/my_digits.test.mjs), held-out digits
// read right went from 8 to 20 of 20 (CNN) and 10 to 20 of 20 (MLP). What it forgets of MNIST depends on how
// much MNIST is mixed in: the CNN lost 0.3 points with 8,000 digits (0.75 with 2,000), the MLP 0.6 with 20,000
// (1.1 with 8,000). Each kind gets the amount that keeps fine-tuning to seconds (the CNN's digits cost 20×).
const FINE_TUNE = { epochs: 3, lr: 1e-3, batch: 32, mnistSamples: { cnn: 8000, mlp: 20000 }, mineShare: 1 / 4 };

const state = {
  model: DEFAULT_MODEL,      // which model's answer fills the big view: 'cnn', 'mlp' or 'trained'
  models: {},                // what each loaded model is: { architecture, parameters }, or null
  presets: {},
  training: null,            // null, or { paused } while a run is going
  loadingData: false,
  predictsInFlight: 0,
  predictAgain: false,       // the drawing changed while a prediction was in flight
  predictSent: 0,            // sequence numbers: a late answer to an older drawing is never shown
  predictShown: 0,
  weightsShownAt: 0,
  resultsShownAt: 0,
  announcement: { text: '', at: 0, timer: null },
  testDigitIndex: Math.floor(Math.random() * 1000),
  versionSent: -1,           // the drawing's version (pad.version) last sent for prediction, and last shown
  versionShown: -1,
  fineTune: null,            // the fine-tuning shown in the teach panel: { title, heldOutDigits, before }
  lossSmoothed: null,
  lastEvaluation: null,
  workerReady: false,
  controls: 'idle',          // the training controls' mode: 'idle', 'loading' or 'running'
  penUpAt: null,             // when the last stroke ended, to measure pen-up → prediction on screen
};

const client = new WorkerClient({ onEvent: handleEvent, onCrash: handleCrash });
const view = new PredictionView(document.querySelector('.draw-panel'));
const compare = new ModelCompareView(document.querySelector('.model-choice'));
const weightsView = new WeightsView($('weights-canvas'), $('weights-caption'));
const activationsView = new ActivationsView({ units: $('units-canvas'), maps: $('maps-canvas'), text: $('activations-text') });
const WEIGHTS_EVERY_MS = 500;  // while training: cheap for the worker (one copy), and enough to watch them form
// While training, the confusion matrix is rebuilt after an epoch at most this often (a run on every core can end
// epochs twice a second, and each rebuild lays the page out again: 3-4% of a core taken from the training
// threads, in the per-thread counters tests/bench/tab_cpu.mjs reads). The run's end always shows the last one.
const RESULTS_EVERY_MS = 2000;
const ANNOUNCE_EVERY_MS = 1000;  // screen readers hear the latest prediction or progress at most this often
const pad = new DrawingPad($('draw-canvas'), {
  onChange: ({ penUp }) => {
    if (penUp) {
      state.penUpAt = performance.now();
      // Lifting the pen adds no ink: if the latest drawing is already shown or on its way, nothing to send.
      if (state.versionShown === pad.version) return recordPenUpLatency();
      if (state.versionSent === pad.version) return;
    }
    requestPrediction({ urgent: penUp });
  },
});
const myDigits = new MyDigitsPanel({
  readDrawing: readDrawingForTeaching,
  clearDrawing: () => clearDrawing(),
  onChange: () => updateFineTuneButton(),
});
const starting = startWorker();  // first: the sooner the worker starts compiling, the sooner drawing works
// The charts (uPlot) load after the drawing works: they are not needed before the first training run.
let lossChart, accuracyChart;
const chartsReady = starting.then(() => import('./charts.js')).then(({ LiveChart }) => {
  lossChart = new LiveChart($('loss-chart'), { xLabel: 'epochs', yLabel: 'loss', color: '#f2a65a' });
  accuracyChart = new LiveChart($('accuracy-chart'), { xLabel: 'epochs', yLabel: '%', color: '#5ad1a0', yRange: [0, 100] });
});
const form = $('train-form');

// --- start-up ----------------------------------------------------------------------------------------------
async function startWorker() {
  state.workerReady = false;
  client.start();
  const info = await client.request(Request.init);
  state.presets = info.presets;
  offerThreads(form, info);
  $('build-info').textContent = `Running the ${info.build} WebAssembly build${info.maxThreads > 1 ? ` (up to ${info.maxThreads} threads)` : ''}.`;
  state.models.cnn = info.cnn;
  state.models.mlp = info.mlp;
  setTrained(info.trained);
  if (info.trainedError) showModelMessage(`The trained model kept in this browser could not be loaded (${info.trainedError}); using the pretrained ones.`, true);
  state.workerReady = true;
  setTrainingControls('idle');
  if (debug) debug.readyAt ??= performance.now();
  document.body.dataset.ready = 'true';
  requestPrediction();
  showWeights();
}

function setTrained(info) {
  state.models.trained = info;
  $('model-trained').disabled = !info;
  $('trained-name').textContent = trainedName(info);
  if (!info && state.model === 'trained') selectModel(DEFAULT_MODEL);
  else showModelInfo();
}

function selectModel(name) {
  state.model = name;
  state.versionShown = -1;  // the same drawing must be read again by the other model
  document.querySelector(`input[name="model"][value="${name}"]`).checked = true;
  showModelInfo();
  requestPrediction();
  showWeights();
}

async function showWeights() {
  if (!state.workerReady || !state.models[state.model]) return;
  state.weightsShownAt = performance.now();
  try {
    weightsView.show(await client.request(Request.weights, { model: state.model }));
  } catch (e) {
    $('weights-caption').textContent = `Could not read the weights: ${e.message}`;
  }
}

function showModelInfo() {
  const info = state.models[state.model];
  const kind = state.model === 'trained' ? trainedName(info) : 'pretrained';
  $('model-info').textContent = info ? `${kind[0].toUpperCase()}${kind.slice(1)}: ${info.architecture}, ` +
    `${withThousands(info.parameters)} parameters.` : '';
}

// --- drawing and prediction --------------------------------------------------------------------------------
// While drawing, at most one prediction is in flight and changes made meanwhile are sent when it returns.
// A pen-up is urgent: it is sent at once, and whatever answer is older than the newest shown is dropped.
async function requestPrediction({ urgent = false } = {}) {
  if (!state.workerReady) return;
  if (pad.strokes === 0 && !pad.last) {
    view.showEmpty();
    compare.showEmpty();
    activationsView.clear();
    return;
  }
  if (state.predictsInFlight > 0 && !urgent) {
    state.predictAgain = true;
    return;
  }
  state.predictsInFlight++;
  const sequence = ++state.predictSent;
  const version = pad.version;
  state.versionSent = version;
  try {
    const { gray, width, height } = pad.grayscale();
    const result = await client.request(Request.predict, { model: state.model, gray, width, height }, [gray.buffer]);
    if (sequence < state.predictShown) return;
    state.predictShown = sequence;
    state.versionShown = version;
    if (result.empty || pad.strokes === 0 && !pad.last) {
      view.showEmpty();
      compare.showEmpty();
      activationsView.clear();
    } else {
      view.show(result);
      compare.show(result.readings);
      activationsView.show(result.inside);
      const p = result.probabilities, best = p.indexOf(Math.max(...p));
      announce(`The ${state.model === 'trained' ? 'trained' : state.model.toUpperCase()} model reads ${best}, ${Math.round(p[best] * 100)}% sure.`);
    }
    if (debug) debug.readings = result.empty ? null : { version, ...result.readings };
    if (version === pad.version) recordPenUpLatency();
  } catch (e) {
    if (state.workerReady) showBanner(`Could not read the drawing: ${e.message}`);
  } finally {
    state.predictsInFlight--;
    if (state.predictAgain && state.predictsInFlight === 0) {
      state.predictAgain = false;
      if (pad.version !== state.versionSent) requestPrediction();
    }
  }
}

// Pen-up → the prediction of the finished drawing on screen (the next frame), for the benchmark.
function recordPenUpLatency() {
  if (!debug || state.penUpAt === null || pad.last) return;
  const penUpAt = state.penUpAt;
  state.penUpAt = null;
  requestAnimationFrame(() => debug.latencies.push(performance.now() - penUpAt));
}

// The live region: the newest text wins; it is spoken at most once per ANNOUNCE_EVERY_MS.
function announce(text) {
  const a = state.announcement;
  a.text = text;
  if (a.timer) return;
  const wait = Math.max(0, a.at + ANNOUNCE_EVERY_MS - performance.now());
  a.timer = setTimeout(() => {
    a.timer = null;
    a.at = performance.now();
    $('announcer').textContent = a.text;
  }, wait);
}

// "Test digit": a digit from MNIST's test set on the pad, for keyboard users (and for comparing with drawings).
async function showTestDigit() {
  try {
    const { index, label, pixels } = await client.request(Request.testDigit, { index: state.testDigitIndex++ });
    pad.paintDigit(Float32Array.from(pixels, (v) => v / 255));
    $('picked-note').textContent = `MNIST test digit #${index}: a ${label}.`;
  } catch (e) {
    $('picked-note').textContent = `Could not fetch a test digit: ${e.message}`;
  }
}

function clearDrawing() {
  $('picked-note').textContent = '';
  pad.clear();
  view.showEmpty();
  compare.showEmpty();
  activationsView.clear();
}

// --- teaching it your handwriting ---------------------------------------------------------------------------
// The pad's digit as the network sees it (28×28 bytes, preprocessed the MNIST way), or null if it is empty.
async function readDrawingForTeaching() {
  if (!state.workerReady) throw new Error('the network is still starting');
  if (pad.strokes === 0) return null;
  const { gray, width, height } = pad.grayscale();
  const result = await client.request(Request.predict, { model: state.model, gray, width, height }, [gray.buffer]);
  return result.empty ? null : Uint8Array.from(result.input, (v) => Math.round(v * 255));
}

// Fine-tunes the model that reads the drawings on the user's digits (the held-out ones excepted), with the
// training run's progress and charts; the teach panel shows before and after.
async function fineTune() {
  hideBanner();
  const { train, heldOut } = myDigits.split();
  const model = state.model;
  const name = model === 'trained' ? `model ${trainedName(state.models.trained)}` : `pretrained ${model.toUpperCase()}`;
  const mnistSamples = FINE_TUNE.mnistSamples[state.models[model].architecture.includes('conv2d') ? 'cnn' : 'mlp'];
  const share = FINE_TUNE.mineShare / (1 - FINE_TUNE.mineShare);  // mine per MNIST digit
  const repeats = Math.max(1, Math.min(50, Math.round((mnistSamples * share) / train.length)));
  const seed = Number(form.elements.seed.value) || 1;
  const options = `optimizer=adam lr=${FINE_TUNE.lr} batch=${FINE_TUNE.batch} epochs=${FINE_TUNE.epochs} augment=on seed=${seed}`;
  setTrainingControls('loading');
  $('data-progress').hidden = false;
  $('data-progress').value = 0;
  setStatus(`Preparing to fine-tune the ${name}: MNIST digits to mix in and to measure with…`);
  state.loadingData = true;
  let started;
  try {
    started = await client.request(Request.fineTune, {
      model, mine: packDigits(train), heldOut: packDigits(heldOut), options, repeats,
      mnistSamples, testLimit: Number($('test-size').value),
    });
  } catch (e) {
    setTrainingControls('idle');
    setStatus(`Could not start fine-tuning: ${e.message}`);
    return;
  } finally {
    state.loadingData = false;
    $('data-progress').hidden = true;
  }
  await clearRunDisplays();
  state.fineTune = {
    title: `Fine-tuning the ${name} on ${train.length} of your digits (with ${withThousands(mnistSamples)} MNIST digits)`,
    heldOutDigits: heldOut, before: started.before,
  };
  renderFineTuneResults($('fine-tune-results'), state.fineTune);
  state.training = { paused: false };
  setTrained(started.model);
  selectModel('trained');
  setTrainingControls('running');
  setStatus('Fine-tuning…');
}

// The before/after of a fine-tuning that has ended (stopped early too: the weights so far are measured).
function showFineTuneEnd(fineTuned, reason) {
  if (fineTuned) renderFineTuneResults($('fine-tune-results'), { ...state.fineTune, ...fineTuned });
  if (fineTuned && reason === 'finished') {
    const { before, after } = fineTuned;
    const mine = (r) => (r.count ? `${r.correct} of ${r.count}` : 'none held out');
    setStatus(`Fine-tuned. Your held-out digits: ${mine(before.heldOut)} read right before, ${mine(after.heldOut)} after; ` +
      `MNIST test: ${(before.mnist.accuracy * 100).toFixed(2)}% before, ${(after.mnist.accuracy * 100).toFixed(2)}% after. ` +
      'The fine-tuned model reads your drawings now; it is kept in this browser and Download model saves it.');
  }
  state.fineTune = null;
}

// --- training ----------------------------------------------------------------------------------------------
// Empties the charts and the error analysis for a new run (training or fine-tuning).
async function clearRunDisplays() {
  await chartsReady;
  lossChart.clear();
  accuracyChart.clear();
  $('results').innerHTML = '';
  $('gallery').hidden = true;
  $('test-accuracy').textContent = '';
  state.lossSmoothed = null;
  state.lastEvaluation = null;
  state.resultsShownAt = 0;  // the new run's first epoch shows its results
}

async function startTraining() {
  hideBanner();
  const train = Number($('subset-size').value), test = Number($('test-size').value);
  let options;
  try {
    options = readOptions(form, $('preset').value, train);
  } catch (e) {
    setStatus(e.message);
    return;
  }
  setTrainingControls('loading');
  $('data-retry').hidden = true;
  $('data-progress').hidden = false;
  $('data-progress').value = 0;
  setStatus('Downloading MNIST…');
  state.loadingData = true;
  try {
    const counts = await client.request(Request.loadData, { train, test });
    setStatus(`Loaded ${withThousands(counts.train)} training and ${withThousands(counts.test)} test digits.`);
  } catch (e) {
    setTrainingControls('idle');
    setStatus(`${e.message} The pretrained models still work.`);
    $('data-retry').hidden = false;
    return;
  } finally {
    state.loadingData = false;
    $('data-progress').hidden = true;
  }

  await clearRunDisplays();
  try {
    const evalEverySeconds = Number(params.get('evalEvery')) || undefined;
    const { model } = await client.request(Request.train, { options, testLimit: test, evalEverySeconds });
    state.training = { paused: false };
    setTrained(model);
    selectModel('trained');  // watch the drawing's reading change as the network learns
    setTrainingControls('running');
    setStatus('Training…');
  } catch (e) {
    setTrainingControls('idle');
    setStatus(`Could not start training: ${e.message}`);
  }
}

async function togglePause() {
  if (!state.training) return;
  const pausing = !state.training.paused;
  state.training.paused = pausing;  // progress already on its way is not shown once paused
  await client.request(pausing ? Request.pause : Request.resume);
  $('train-pause').textContent = pausing ? 'Resume' : 'Pause';
  setStatus(pausing ? `Paused. ${$('train-status').textContent}` : 'Training…');
}

async function resetTraining() {
  if (state.training) await client.request(Request.stop);
  await chartsReady;
  lossChart.clear();
  accuracyChart.clear();
  $('results').innerHTML = '';
  $('test-accuracy').textContent = '';
  $('train-progress').value = 0;
}

function handleEvent(message) {
  debug?.events.push(message);
  switch (message.type) {
    case Event.dataProgress:
      if (!state.loadingData) break;  // late news from parallel downloads after one of them failed
      $('data-progress').value = message.total ? message.loaded / message.total : 1;
      setStatus(`Downloading MNIST… ${(message.loaded / 1e6).toFixed(1)} of ${(message.total / 1e6).toFixed(1)} MB`);
      break;
    case Event.trainProgress:
      showProgress(message);
      if (state.model === 'trained' && performance.now() - state.weightsShownAt > WEIGHTS_EVERY_MS) showWeights();
      break;
    case Event.evaluated: {
      const { evaluation, epoch } = message;
      state.lastEvaluation = evaluation;
      accuracyChart.push(epoch, evaluation.accuracy * 100);
      $('test-accuracy').textContent = `${(evaluation.accuracy * 100).toFixed(2)}%`;
      if (Number.isInteger(epoch) && performance.now() - state.resultsShownAt >= RESULTS_EVERY_MS) {
        state.resultsShownAt = performance.now();
        showResults(evaluation, 'trained');
      }
      break;
    }
    case Event.warning: showModelMessage(message.message, true); break;
    case Event.trainEnded: endTraining(message); break;
  }
}

function showProgress(p) {
  if (state.training?.paused) return;
  const done = (p.epoch * p.batchesPerEpoch + p.batch) / (p.epochs * p.batchesPerEpoch);
  $('train-progress').value = done;
  if (Number.isFinite(p.loss)) {
    state.lossSmoothed = state.lossSmoothed === null ? p.loss : 0.7 * state.lossSmoothed + 0.3 * p.loss;
    lossChart.push(p.epoch + p.batch / p.batchesPerEpoch, state.lossSmoothed);
  }
  const left = p.samplesPerSecond > 0 ? (p.epochs * p.batchesPerEpoch * (1 - done) * (p.samples / Math.max(1, p.epoch * p.batchesPerEpoch + p.batch))) / p.samplesPerSecond : 0;
  setStatus(`Epoch ${Math.min(p.epoch + 1, p.epochs)} of ${p.epochs}, batch ${p.batch} of ${p.batchesPerEpoch} · ` +
    `${withThousands(Math.round(p.samplesPerSecond))} digits/s · ${left.toFixed(1)} s left · loss ${state.lossSmoothed?.toFixed(3)}`);
  const accuracy = state.lastEvaluation ? `, test accuracy ${(state.lastEvaluation.accuracy * 100).toFixed(1)}%` : '';
  announce(`Training: ${Math.round(done * 100)}% done, epoch ${Math.min(p.epoch + 1, p.epochs)} of ${p.epochs}${accuracy}.`);
}

function endTraining({ reason, message, model, fineTuned }) {
  const wasFineTune = Boolean(state.fineTune);
  state.training = null;
  setTrainingControls('idle');
  setTrained(model);
  requestPrediction();
  if (state.model === 'trained') showWeights();
  if (reason === 'finished') {
    $('train-progress').value = 1;
    if (!wasFineTune) setStatus(`Finished. The trained model now reads your drawings; it is kept in this browser.`);
  } else if (reason === 'stopped') {
    setStatus('Stopped. The weights trained so far are kept as the trained model.');
  } else if (reason === 'diverged') {
    setStatus(`Training stopped: ${message}`);
    showBanner(`Training diverged. ${message}`);
  } else {
    setStatus(`Training stopped with an error: ${message}`);
  }
  if (state.lastEvaluation) showResults(state.lastEvaluation, 'trained');
  if (wasFineTune) showFineTuneEnd(fineTuned, reason);
}

// --- error analysis: the confusion matrix and its galleries ------------------------------------------------
// On demand, for whichever model reads the drawings: measured on as many test digits as the form says.
async function analyseModel() {
  const model = state.model, test = Number($('test-size').value);
  showModelMessage(`Measuring the ${model === 'trained' ? 'trained' : model.toUpperCase()} model on ${withThousands(test)} test digits…`);
  try {
    const evaluation = await client.request(Request.analyse, { model, test });
    $('gallery').hidden = true;
    showResults(evaluation, model);
    showModelMessage(`The ${model === 'trained' ? 'trained' : model.toUpperCase()} model reads ${(evaluation.accuracy * 100).toFixed(2)}% of ${withThousands(evaluation.count)} test digits: its confusion matrix is under the charts.`);
    $('results').scrollIntoView({ block: 'nearest' });
  } catch (e) {
    showModelMessage(`Could not measure the model: ${e.message}`, true);
  }
}

// The evaluation of `model` ('cnn', 'mlp' or 'trained'), whose galleries the matrix opens.
function showResults(evaluation, model) {
  const testLimit = evaluation.count;
  const open = async (title, query) => {
    try {
      const result = await client.request(Request.gallery, { model, testLimit, ...query });
      renderGallery($('gallery'), { title, ...result }, (item) => {
        pad.paintDigit(Float32Array.from(item.pixels, (v) => v / 255));
        $('draw-canvas').scrollIntoView({ block: 'nearest' });
      });
    } catch (e) {
      setStatus(`Could not show those digits: ${e.message}`);
    }
  };
  renderResults($('results'), evaluation, {
    onCell: (truth, predicted) => open(truth === predicted ? `${truth}s read right` : `${truth}s read as ${predicted}`, { truth, predicted }),
    onConfidentlyWrong: () => open('The most confidently wrong test digits', { confidentlyWrong: true }),
  });
}

function setTrainingControls(mode) {
  $('train-start').disabled = mode !== 'idle';
  $('train-pause').disabled = mode !== 'running';
  $('train-reset').disabled = mode === 'loading';
  $('train-pause').textContent = 'Pause';
  for (const el of form.elements) el.disabled = mode !== 'idle';
  $('subset-size').disabled = $('test-size').disabled = $('preset').disabled = mode !== 'idle';
  state.controls = mode;
  updateFineTuneButton();
}

// Fine-tuning needs an idle page, a running worker and enough digits of the user's.
function updateFineTuneButton() {
  $('fine-tune').disabled = state.controls !== 'idle' || !state.workerReady || !myDigits.canFineTune();
}

// --- models ------------------------------------------------------------------------------------------------
async function downloadModel() {
  try {
    const { bytes } = await client.request(Request.saveModel, { model: state.model });
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = MODEL_FILE_NAMES[state.model];
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    showModelMessage(`Could not save the model: ${e.message}`, true);
  }
}

async function uploadModel(file) {
  try {
    const bytes = await file.arrayBuffer();
    const info = await client.request(Request.loadModel, { bytes }, [bytes]);
    setTrained(info);
    selectModel('trained');
    showModelMessage(`Loaded ${file.name} (${info.architecture}, ${withThousands(info.parameters)} parameters).`);
  } catch (e) {
    showModelMessage(`${file.name} was not loaded: ${e.message} The current model is unchanged.`, true);
  }
}

// --- messages and recovery ---------------------------------------------------------------------------------
function setStatus(text) {
  $('train-status').textContent = text;
  announce(text);
}

function showModelMessage(text, isError = false) {
  const el = $('model-message');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

function showBanner(text, action) {
  $('banner-text').textContent = text;
  const button = $('banner-action');
  button.hidden = !action;
  if (action) {
    button.textContent = action.label;
    button.onclick = action.run;
  }
  $('banner').hidden = false;
}
function hideBanner() { $('banner').hidden = true; }

function handleCrash(message) {
  state.workerReady = false;
  state.training = null;
  state.fineTune = null;
  state.predictsInFlight = 0;
  document.body.dataset.ready = 'false';
  setTrainingControls('idle');
  setStatus('The worker stopped; restart it to go on.');
  showBanner(`The network's worker crashed (${message}). Your trained model is kept in this browser.`, {
    label: 'Restart worker',
    run: async () => {
      hideBanner();
      try {
        await startWorker();
        setStatus('Worker restarted. Ready.');
      } catch (e) {
        showBanner(`The worker could not restart: ${e.message}`);
      }
    },
  });
}

// --- wiring ------------------------------------------------------------------------------------------------
$('clear-button').addEventListener('click', clearDrawing);
$('test-digit-button').addEventListener('click', showTestDigit);
$('pen-size').addEventListener('change', (e) => pad.setPen(e.target.value));
document.addEventListener('keydown', (e) => {
  if (e.target.closest('input:not([type="radio"]):not([type="checkbox"]), select, textarea')) return;  // typing there
  if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') clearDrawing();
});
for (const radio of document.querySelectorAll('input[name="model"]')) radio.addEventListener('change', () => selectModel(radio.value));
$('preset').addEventListener('change', () => fillFromPreset(form, state.presets[$('preset').value]));
form.addEventListener('change', () => writeSettingsToUrl(form));  // after the preset has filled the form
$('train-start').addEventListener('click', startTraining);
$('fine-tune').addEventListener('click', fineTune);
$('data-retry').addEventListener('click', startTraining);
$('train-pause').addEventListener('click', togglePause);
$('train-reset').addEventListener('click', resetTraining);
$('model-download').addEventListener('click', downloadModel);
$('model-analyse').addEventListener('click', analyseModel);
$('model-upload').addEventListener('change', (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (file) uploadModel(file);
});
if (debug) {
  debug.drawingVersion = () => pad.version;
  debug.crashWorker = () => client.request(Request.crash).catch(() => {});
  debug.benchInference = (model = state.model) => client.request(Request.benchInference, { model });
  window.scratchnetDebug = debug;
}

view.showEmpty();
activationsView.clear();
myDigits.load();
// Offline after the first visit, and installable (service_worker.js; not on file:// or where it is blocked).
if ('serviceWorker' in navigator) {
  starting.then(() => navigator.serviceWorker.register('service_worker.js'))
    .catch((e) => console.warn(`Offline use is not available: ${e.message}`));
}
starting
  .then(() => {
    fillFromPreset(form, state.presets[$('preset').value]);
    const refused = readSettingsFromUrl(form, params, state.presets);
    if (refused.length) setStatus(`This link's ${refused.join(', ')} setting${refused.length > 1 ? 's were' : ' was'} not valid; the preset's value is used instead.`);
    warmUp();
  })
  .catch((e) => showBanner(`The network could not start: ${e.message}`));

// Once the page is ready, the worker runs the form's network on its threads for a moment (Request.warmUp), so
// that the browser has optimized the training code before the first run: without it, a first run on two threads
// trained at a fraction of its speed in its first few hundred milliseconds. Failing only costs that. ?warmUp=off
// leaves it out (tests/bench/first_run.mjs compares).
function warmUp() {
  if (params.get('warmUp') === 'off') return;
  const options = `${state.presets[$('preset').value]} threads=${form.elements.threads.value}`;
  client.request(Request.warmUp, { options }).catch((e) => console.warn(`The warm-up failed: ${e.message}`));
}
