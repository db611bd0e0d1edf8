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
    ? `Multi-threaded build: the threads share each step's work (${maxThreads} cores here).`
    : !self.crossOriginIsolated
      ? 'Single-threaded: this host does not enable cross-origin isolation, which threads need.'
      : 'Single-threaded build, as this page\'s URL asks (?build=single). Without it the page trains on every core.';
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

// --- the run's settings in the page's URL ------------------------------------------------------------------
// Every setting of the form (network preset, data sizes, optimizer, …, seed, threads) is kept in the URL's query
// (?preset=cnn&train=5000&…&seed=7), so a link reproduces a run: same settings and seed, same data order, the
// same loss curve. Other query parameters (?debug, ?build=single) are left as they are.
const URL_FIELDS = ['preset', 'train', 'test', ...FIELDS, 'threads'];

export function writeSettingsToUrl(form) {
  const url = new URL(location.href);
  for (const name of URL_FIELDS) {
    const field = form.elements[name];
    url.searchParams.set(name, field.type === 'checkbox' ? (field.checked ? 'on' : 'off') : field.value);
  }
  history.replaceState(null, '', url);
}

// Applies the settings a link carries, if any (after the preset's own). Returns the names of those it refused
// (not one of the choices, or out of range), which keep the preset's value.
export function readSettingsFromUrl(form, params, presets) {
  const refused = [];
  if (!URL_FIELDS.some((name) => params.has(name))) return refused;
  const preset = params.get('preset');
  if (preset !== null) {
    if (presets[preset] !== undefined && setField(form.elements.preset, preset)) fillFromPreset(form, presets[preset]);
    else refused.push('preset');
  }
  for (const name of URL_FIELDS.slice(1)) {
    const value = params.get(name);
    if (value !== null && !setField(form.elements[name], value)) refused.push(name);
  }
  return refused;
}

function setField(field, value) {
  if (field.type === 'checkbox') {
    if (value !== 'on' && value !== 'off') return false;
    field.checked = value === 'on';
    return true;
  }
  const before = field.value;
  if (field.tagName === 'SELECT' && ![...field.options].some((o) => o.value === value)) return false;
  field.value = value;
  if (field.value !== value || !field.checkValidity()) {
    field.value = before;
    return false;
  }
  return true;
}
