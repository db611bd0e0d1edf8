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
  parts.push(`train-samples=${trainSamples}`);
  return parts.join(' ');
}
