// Keeps the model trained or fine-tuned in this browser in IndexedDB (through idb-keyval, vendored from npm), so
// a reload does not lose it: { bytes: the model file, origin: 'trained' or 'fine-tuned' }.
import { get, set } from './vendor/idb-keyval.js';

const KEY = 'scratchnet/trained-model';

export async function loadTrainedModel() {
  try {
    const kept = await get(KEY);
    if (kept instanceof ArrayBuffer) return { bytes: kept, origin: 'trained' };  // kept by an earlier version
    return kept?.bytes instanceof ArrayBuffer ? { bytes: kept.bytes, origin: kept.origin ?? 'trained' } : null;
  } catch {
    return null;  // IndexedDB unavailable (some private modes): the page works, without persistence
  }
}

export async function saveTrainedModel(bytes, origin) {
  await set(KEY, { bytes, origin });
}
