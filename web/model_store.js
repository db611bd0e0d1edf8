// Keeps the trained model in IndexedDB (through idb-keyval, vendored from npm), so a reload does not lose it.
import { get, set } from './vendor/idb-keyval.js';

const KEY = 'scratchnet/trained-model';

export async function loadTrainedModel() {
  try {
    const bytes = await get(KEY);
    return bytes instanceof ArrayBuffer ? bytes : null;
  } catch {
    return null;  // IndexedDB unavailable (some private modes): the page works, without persistence
  }
}

export async function saveTrainedModel(bytes) {
  await set(KEY, bytes);
}
