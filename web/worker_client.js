// The page's side of the worker: requests as promises, events as callbacks, and crash detection.
// If the worker dies (a wasm trap, an uncaught error), every pending request fails and onCrash is called;
// start() makes a fresh worker, so the page recovers without a reload.
import { Event, Reply } from './protocol.js';
import { takeEarlyWorker, workerUrl } from './worker_boot.js';

export class WorkerClient {
  constructor({ onEvent, onCrash }) {
    this.onEvent = onEvent;
    this.onCrash = onCrash;
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
  }

  start() {
    this.worker?.terminate();
    this.worker = takeEarlyWorker() ?? new Worker(workerUrl(), { type: 'module' });
    this.worker.addEventListener('message', ({ data }) => this.receive(data));
    this.worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.crashed(e.message || 'the worker stopped with an error');
    });
    this.worker.addEventListener('messageerror', () => this.crashed('a message from the worker could not be read'));
  }

  request(type, payload = {}, transfer = []) {
    if (!this.worker) return Promise.reject(new Error('The worker is not running.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, ...payload }, transfer);
    });
  }

  receive(data) {
    if (data.type === Reply) {
      const waiting = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (!waiting) return;
      if (data.ok) waiting.resolve(data.result);
      else waiting.reject(Object.assign(new Error(data.error), { dataError: data.dataError }));
    } else if (data.type === Event.fatal) {
      this.crashed(data.message);
    } else {
      this.onEvent(data);
    }
  }

  crashed(message) {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    for (const { reject } of this.pending.values()) reject(new Error(`The worker crashed: ${message}`));
    this.pending.clear();
    this.onCrash(message);
  }
}
