// The reference: TensorFlow.js (wasm backend, one thread) training the same network as scratchnet's mlp preset
// (dense 128 ReLU, dense 10 softmax, cross-entropy, Adam lr 0.002, batch 64) on the same MNIST chunks, in the
// same browser. window.runTfjsBench() returns samples/s, time to 97% test accuracy and single-image inference.
/* global tf */

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function loadSplit(manifest, split) {
  const chunks = await Promise.all(manifest[split].map(async (c) => gunzip(await (await fetch(`../data/${c.file}`)).arrayBuffer())));
  const count = manifest[split].reduce((n, c) => n + c.count, 0);
  const pixels = new Float32Array(count * 784), labels = new Int32Array(count);
  let at = 0;
  manifest[split].forEach((c, i) => {
    const raw = chunks[i];
    for (let k = 0; k < c.count * 784; k++) pixels[at * 784 + k] = raw[16 + k] / 255;
    for (let k = 0; k < c.count; k++) labels[at + k] = raw[16 + c.count * 784 + 8 + k];
    at += c.count;
  });
  return { xs: tf.tensor2d(pixels, [count, 784]), ys: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat(), labels, count };
}

window.runTfjsBench = async ({ batch = 64, lr = 0.002, maxSeconds = 60, evalEvery = 100 } = {}) => {
  tf.wasm.setWasmPaths('./');
  tf.wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const manifest = await (await fetch('../data/manifest.json')).json();
  const train = await loadSplit(manifest, 'train');
  const test = await loadSplit(manifest, 'test');

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  let trainMs = 0, batchStart = 0, samples = 0, timeTo97 = NaN, lastAccuracy = 0, batches = 0, stop = false;
  // Accuracy read out in JavaScript: TF.js's argMax/equal on the whole test set took half a minute here.
  const evaluate = () => {
    const probs = tf.tidy(() => model.predict(test.xs, { batchSize: 1000 }).dataSync());
    let right = 0;
    for (let i = 0; i < test.count; i++) {
      let best = 0;
      for (let c = 1; c < 10; c++) if (probs[i * 10 + c] > probs[i * 10 + best]) best = c;
      right += best === test.labels[i];
    }
    return right / test.count;
  };
  for (let epoch = 0; epoch < 20 && !stop; epoch++) {
    await model.fit(train.xs, train.ys, {
      batchSize: batch, epochs: 1, shuffle: true, verbose: 0, yieldEvery: 'never',
      callbacks: {
        onBatchBegin: () => { batchStart = performance.now(); },
        onBatchEnd: () => {
          trainMs += performance.now() - batchStart;
          samples += batch;
          batches++;
          if (batches % evalEvery === 0 && Number.isNaN(timeTo97)) {
            lastAccuracy = evaluate();
            if (lastAccuracy >= 0.97) timeTo97 = trainMs / 1000;
          }
          if (!Number.isNaN(timeTo97) || trainMs / 1000 > maxSeconds) {
            stop = true;
            model.stopTraining = true;
          }
        },
      },
    });
  }

  // Single-image inference: one 784-pixel digit through the model, result read back.
  const one = test.xs.slice([0, 0], [1, 784]);
  const times = [];
  for (let round = 0; round < 9; round++) {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) tf.tidy(() => model.predict(one).dataSync());
    times.push(((performance.now() - t0) * 1000) / 200);
  }
  times.sort((a, b) => a - b);
  return { samplesPerSecond: samples / (trainMs / 1000), timeTo97, lastAccuracy, inferenceMicroseconds: times[4], backend: tf.getBackend() };
};
