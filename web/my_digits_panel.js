// "Teach it your handwriting": the user draws a digit on the pad, labels it (the page asks for each digit in
// turn: "Draw a 7") and keeps it. The collection lives in IndexedDB and can be exported to a file, imported
// (checked first) and deleted. Fine-tuning on it is main.js's: it shares the training run's controls and charts.
import { countsByDigit, mergeDigits, nextPrompt, splitHeldOut } from './my_digits.js';
import { digitsFromFile, digitsToFile } from './my_digits_file.js';
import { loadMyDigits, saveMyDigits } from './my_digits_store.js';
import { renderCollection } from './my_digits_view.js';

const $ = (id) => document.getElementById(id);
export const MIN_DIGITS_TO_FINE_TUNE = 10;  // digits to train on (held-out ones not counted)
const CONFIRM_MS = 5000;

export class MyDigitsPanel {
  // readDrawing(): the pad's digit as the network sees it (784 bytes), or null if the pad is empty.
  // onChange(): called whenever the collection is shown anew (the page enables fine-tuning from it).
  constructor({ readDrawing, clearDrawing, onChange }) {
    this.readDrawing = readDrawing;
    this.clearDrawing = clearDrawing;
    this.onChange = onChange;
    this.digits = [];
    this.nextId = 1;
    this.confirmTimer = null;
    $('teach-save').addEventListener('click', () => this.save());
    $('teach-label').addEventListener('change', () => this.showPrompt());
    $('my-digits-export').addEventListener('click', () => this.exportFile());
    $('my-digits-delete-all').addEventListener('click', () => this.deleteAll());
    $('my-digits-import').addEventListener('change', (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (file) this.importFile(file);
    });
  }

  async load() {
    try {
      this.digits = await loadMyDigits();
    } catch (e) {
      this.message(`Your digits kept in this browser could not be read (${e.message}).`, true);
    }
    this.nextId = this.digits.reduce((max, d) => Math.max(max, d.id), 0) + 1;
    $('teach-label').value = String(nextPrompt(this.digits));
    this.render();
  }

  split() { return splitHeldOut(this.digits); }
  canFineTune() { return this.split().train.length >= MIN_DIGITS_TO_FINE_TUNE; }

  async save() {
    const label = Number($('teach-label').value);
    let pixels;
    try {
      pixels = await this.readDrawing();
    } catch (e) {
      return this.message(`Could not read the drawing: ${e.message}`, true);
    }
    if (!pixels) return this.message(`Draw a ${label} on the pad first.`, true);
    this.digits.push({ id: this.nextId++, label, pixels, drawnAt: new Date().toISOString() });
    this.clearDrawing();
    $('teach-label').value = String(nextPrompt(this.digits, label));
    this.render();
    if (await this.persist()) this.message(`Saved your ${label}.${this.needed()}`);
  }

  async remove(digit) {
    this.digits = this.digits.filter((d) => d !== digit);
    this.render();
    if (await this.persist()) this.message(`Deleted a ${digit.label}.`);
  }

  // Two presses: the first asks, the second (within a few seconds) deletes.
  async deleteAll() {
    const button = $('my-digits-delete-all');
    if (!this.confirmTimer) {
      button.textContent = `Really delete all ${this.digits.length}?`;
      this.confirmTimer = setTimeout(() => this.resetDeleteAll(), CONFIRM_MS);
      return;
    }
    this.resetDeleteAll();
    const count = this.digits.length;
    this.digits = [];
    $('teach-label').value = '0';
    this.render();
    if (await this.persist()) this.message(`Deleted all ${count} of your digits.`);
  }

  resetDeleteAll() {
    clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    $('my-digits-delete-all').textContent = 'Delete all';
  }

  exportFile() {
    const url = URL.createObjectURL(new Blob([digitsToFile(this.digits)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'my-digits.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    this.message(`Exported ${this.digits.length} digits to my-digits.json.`);
  }

  async importFile(file) {
    let incoming;
    try {
      incoming = digitsFromFile(await file.text());
    } catch (e) {
      return this.message(`${file.name} was not imported: ${e.message}. Your digits are unchanged.`, true);
    }
    const { digits, added, duplicates, nextId } = mergeDigits(this.digits, incoming, this.nextId);
    this.digits = digits;
    this.nextId = nextId;
    this.render();
    if (await this.persist()) this.message(`Imported ${added} digit${added === 1 ? '' : 's'} from ${file.name}${duplicates ? ` (${duplicates} already here)` : ''}.${this.needed()}`);
  }

  // Keeps the collection in IndexedDB (after the page shows the change); says so if it cannot: the digits then
  // stay on the page until it is closed, and can still be exported.
  async persist() {
    try {
      await saveMyDigits(this.digits);
      return true;
    } catch (e) {
      this.message(`Your digits could not be kept in this browser (${e.message}): export them to a file to keep them.`, true);
      return false;
    }
  }

  needed() {
    const more = MIN_DIGITS_TO_FINE_TUNE - this.split().train.length;
    return more > 0 ? ` ${more} more to fine-tune on them.` : '';
  }

  showPrompt() {
    $('teach-prompt-digit').textContent = $('teach-label').value;
  }

  render() {
    this.showPrompt();
    const { heldOut } = this.split();
    const counts = countsByDigit(this.digits);
    $('my-digits-count').textContent = this.digits.length
      ? `Your digits: ${this.digits.length} (${heldOut.length} held out) · ${counts.map((n, d) => `${d}: ${n}`).join(', ')}`
      : 'Your digits: none yet';
    renderCollection($('my-digits-grid'), this.digits, { onDelete: (d) => this.remove(d) });
    $('my-digits-export').disabled = $('my-digits-delete-all').disabled = this.digits.length === 0;
    this.onChange();
  }

  message(text, isError = false) {
    const el = $('teach-message');
    el.textContent = text;
    el.classList.toggle('error', isError);
  }
}
