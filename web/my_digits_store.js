// Keeps the user's digits in IndexedDB (idb-keyval), so they survive reloads. Nothing leaves the browser.
import { get, set } from './vendor/idb-keyval.js';

const KEY = 'scratchnet/my-digits';

// The kept digits (oldest first); throws if IndexedDB cannot be read.
export async function loadMyDigits() {
  const kept = await get(KEY);
  if (!Array.isArray(kept)) return [];
  return kept.filter((d) => Number.isInteger(d?.id) && Number.isInteger(d.label) && d.pixels instanceof Uint8Array && d.pixels.length === 784);
}

export async function saveMyDigits(digits) {
  await set(KEY, digits);
}
