// The whole JavaScript-visible surface of scratchnet: a plain C API over the core, compiled to wasm for the
// page's worker and natively for the tests. C++ owns every buffer; JS reads them through fresh typed-array views.
// Functions that can fail return a negative status and leave a message in sn_last_error(): Emscripten builds
// must never let a C++ exception escape into JavaScript.
#pragma once
#include <cstdint>

extern "C" {

const char* sn_last_error(void);

// Networks are numbered handles (>= 1). Each keeps its own buffers, so predicting with one never disturbs another.
int sn_net_load(const uint8_t* bytes, int size);  // a model file → handle; < 0 if refused
void sn_net_free(int net);
int sn_net_save(int net);                     // serializes into a buffer read by sn_bytes(); returns its size
const uint8_t* sn_bytes(void);
const char* sn_net_describe(int net);         // "784-128-10"
int sn_net_parameter_count(int net);
const float* sn_net_parameters(int net);
// The first layer, to draw what it has learned: [kind (1 dense, 3 conv2d), units or filters, kernel (conv2d),
// input channels, height, width], or null for an unknown handle. Its weights are the first floats of
// sn_net_parameters, column-major with a row per unit or filter: dense (units × C·H·W), conv2d
// (filters × C·kernel·kernel).
const int* sn_net_first_layer(int net);
// What the network computed inside for the last single image it read (sn_predict, sn_classify_input): layer
// `layer`'s output (0 = the first layer's), sn_net_activation_size(net, layer) values laid out C, H, W.
int sn_net_layer_count(int net);
const float* sn_net_activation(int net, int layer);
int sn_net_activation_size(int net, int layer);

// Preprocess a drawing (ink bright, any size) and classify it. 1: a digit, 0: empty (nothing to classify), < 0: error.
int sn_predict(int net, const uint8_t* gray, int width, int height);
const float* sn_probabilities(void);  // 10 values from the last sn_predict
float* sn_network_input(void);        // 784 values: the 28×28 the network saw (writable, see below)
// Classifies the 784 values in sn_network_input() as they are (a test digit, say), with no preprocessing.
int sn_classify_input(int net);

// Data: IDX chunks appended to the training set (split 0), the test set (split 1) or the user's own digits to
// fine-tune on (split 2), each checked by the IDX loader. Splits 0 and 2 cannot change during a run.
int sn_data_clear(int split, int expected_count);  // empties a split; room for expected_count samples
int sn_data_append(int split, const uint8_t* images, int images_size, const uint8_t* labels, int labels_size);
int sn_data_count(int split);

// A preset's options as "preset=mlp hidden=128 init=he optimizer=adam lr=0.002 …", or "" if unknown.
const char* sn_preset(const char* name);

// Training. Options as in the CLI: "preset=mlp lr=0.001 batch=64 epochs=5 augment=on seed=1 train-samples=5000".
int sn_train_begin(const char* options);  // a fresh network + trainer; returns the network's handle
// Fine-tuning: a run whose network starts as a copy of network `from` (its architecture and weights; `options`
// give the rest: optimizer, lr, epochs, batch, augment, seed). It trains on the user's digits (split 2), each
// `repeats` times, mixed with `mnist_samples` digits drawn at random (by the seed) from the training split, so
// the network learns the new style without forgetting MNIST. `from` is left as it was. Returns the new handle.
int sn_train_begin_from(int from, const char* options, int mnist_samples, int repeats);
// Trains until `milliseconds` have passed, an epoch ends, or the run ends. 0: more to do, 1: finished, < 0: error. If the loss
// stops being finite the run stops, the weights go back to those at the start of this call, and this returns -2.
int sn_train_run(double milliseconds);
void sn_train_end(void);                  // drops the trainer; its network stays as a handle
// [epochs completed, batch in epoch, batches per epoch, epochs, samples seen, last batch loss, mean loss since
//  the last call, learning rate, training seconds so far, epochs completed in the last call, the share of their
//  time the run's threads have waited for each other (0 on one thread)]; a finished run reads [epochs, 0, …].
const double* sn_train_progress(void);
// Trains a network of `options` (as sn_train_begin's, threads too; batches of 16 at most) on made-up digits
// until `milliseconds` (at most a second) have passed since the call, set-up included, and a step more on
// threads; evaluates one batch; then drops it. The run, the data and every handle stay as they were. Browsers first run
// new WebAssembly code unoptimized and optimize the functions that turn out hot on other threads: during a
// run's first few hundred milliseconds that compiler takes a core from the training threads. Warming up while
// the page is idle has it done before the first run. Does nothing during a run. 0, or < 0 for bad options.
int sn_warm_up(const char* options, double milliseconds);
int sn_train_threads(void);  // the threads the run trains on (its options' threads=N); 0 without a run

// Evaluates a network on the first `limit` test samples (all if <= 0). Returns 0 or < 0; results in
// sn_evaluation(): [count, loss, accuracy, accuracy stderr, 10 × class accuracy, 100 × confusion (true-major)].
int sn_evaluate(int net, int limit);
const double* sn_evaluation(void);
// Per test sample of the last sn_evaluate: the digit read (count bytes) and the probability given to it.
const uint8_t* sn_evaluation_predicted(void);
const float* sn_evaluation_confidence(void);
// The loaded samples of a split: sn_data_count × 784 image bytes (row-major 28×28) and as many labels.
const uint8_t* sn_data_images(int split);
const uint8_t* sn_data_labels(int split);
}
