// The training settings form: filled from a preset (the C++ presets, asked of the worker), read as options.
const FIELDS = ['optimizer', 'lr', 'batch', 'epochs', 'init', 'augment', 'seed'];

export function parseOptions(text) {
  return Object.fromEntries(text.split(' ').filter(Boolean).map((kv) => kv.split('=')));
}

export function fillFromPreset(form, presetOptions) {
  const o = parseOptions(presetOptions);
  for (const name of FIELDS) {
    const field = form.elements[name];
    if (field.type === 'checkbox') field.checked = o[name] === 'on';
    else field.value = o[name];
  }
}

// Offers 1..maxThreads threads (more than one only in the multi-threaded build), all of them by default.
export function offerThreads(form, { maxThreads }) {
  const select = form.elements.threads;
  select.innerHTML = '';
  for (let n = 1; n <= maxThreads; n++) select.add(new Option(String(n), String(n), n === maxThreads, n === maxThreads));
  form.querySelector('#threads-note').textContent = maxThreads > 1
    ? `Multi-threaded build: each thread takes part of every batch (${maxThreads} cores here).`
    : !self.crossOriginIsolated
      ? 'Single-threaded: this host does not enable cross-origin isolation, which threads need.'
      : 'Single-threaded build. Open the page with ?build=multi for the experimental multi-threaded one.';
}

// The options string for sn_train_begin, e.g. "preset=mlp optimizer=adam lr=0.002 … train-samples=5000".
export function readOptions(form, preset, trainSamples) {
  const parts = [`preset=${preset}`];
  for (const name of FIELDS) {
    const field = form.elements[name];
    if (field.type === 'checkbox') parts.push(`${name}=${field.checked ? 'on' : 'off'}`);
    else {
      if (!field.checkValidity()) throw new Error(`${field.closest('label').firstChild.textContent.trim()}: ${field.validationMessage}`);
      parts.push(`${name}=${field.value}`);
    }
  }
  parts.push(`train-samples=${trainSamples}`, `threads=${form.elements.threads.value}`);
  return parts.join(' ');
}
