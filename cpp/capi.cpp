// The C API's implementation: handles, the shared result buffers, and exceptions turned into statuses.
#include "capi.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include "evaluate.h"
#include "fine_tune.h"
#include "model_file.h"
#include "preprocess.h"
#include "rng.h"
#include "trainer.h"

using namespace scratchnet;

namespace {

// The largest batch a network in the tab is built for (evaluation runs in batches of it): 500 digits for the
// MLP, fewer for the CNN, whose activations per digit are 25× larger. Keeps each network's activation and
// gradient buffers to about 16 MB of the tab's memory.
int eval_batch_for(const Architecture& arch) {
    constexpr Index kActivationBudget = Index(1) << 21;  // floats
    Index per_sample = arch.input.size();
    for (const auto& layer : build_layers(arch)) per_sample += layer->output_shape().size();
    return int(std::clamp<Index>(kActivationBudget / per_sample, 16, 500));
}

struct State {
    std::string error;
    std::map<int, std::unique_ptr<Network>> nets;
    int next_handle = 1;
    std::vector<uint8_t> bytes;
    std::vector<uint8_t> predicted;  // the last evaluation, per test sample
    std::vector<float> confidence;
    std::string text;
    float probabilities[10] = {};
    float input[784] = {};
    Dataset data[3];              // training (MNIST), test (MNIST), mine (the user's own digits)
    Dataset fine_tuning;          // what a fine-tuning run trains on: mine mixed with some of the training set
    std::unique_ptr<Trainer> trainer;
    int training_net = 0;
    std::vector<float> last_good;  // the weights at the start of the current sn_train_run call
    double progress[11] = {}, train_seconds = 0, loss_sum = 0;
    int loss_count = 0;
    std::vector<double> evaluation;
};

State& state() {
    static State s;
    return s;
}

// Runs `body`, turning any exception into status −1 and a message for sn_last_error().
template <typename F>
int guarded(F&& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        state().error = e.what();
    } catch (...) {
        state().error = "unexpected error";
    }
    return -1;
}

Network& net_of(int handle) {
    auto it = state().nets.find(handle);
    if (it == state().nets.end()) throw std::runtime_error("no network with handle " + std::to_string(handle));
    return *it->second;
}

int add_net(std::unique_ptr<Network> net) {
    const int handle = state().next_handle++;
    state().nets[handle] = std::move(net);
    return handle;
}

Dataset& split_of(int split, bool changing) {
    if (split < 0 || split > 2) throw std::runtime_error("data split must be 0 (train), 1 (test) or 2 (mine)");
    if (changing && split != 1 && state().trainer)
        throw std::runtime_error("cannot change the training data while training");
    return state().data[split];
}

void append(Dataset& to, const Dataset& from) {
    to.images.insert(to.images.end(), from.images.begin(), from.images.end());
    to.labels.insert(to.labels.end(), from.labels.begin(), from.labels.end());
    to.count += from.count;
}

// Makes the run's trainer and network; `from`, if given, supplies the architecture and the starting weights.
int begin_run(const TrainConfig& config, const Dataset& data, const Network* from) {
    State& s = state();
    const Architecture arch = from ? from->architecture() : architecture_of(config);
    auto net = std::make_unique<Network>(arch, std::max(effective_batch_size(config, data.count), eval_batch_for(arch)));
    if (from) std::copy(from->parameters(), from->parameters() + from->parameter_count(), net->parameters());
    s.trainer = std::make_unique<Trainer>(*net, data, config, /*initialize=*/from == nullptr);
    s.training_net = add_net(std::move(net));
    s.train_seconds = 0, s.loss_sum = 0, s.loss_count = 0;
    std::fill(std::begin(s.progress), std::end(s.progress), 0.0);
    return s.training_net;
}

// Digits made up for sn_warm_up: about a quarter of each image's pixels inked, at random, and labels in turn.
Dataset made_up_digits(int count) {
    Dataset d;
    d.count = count;
    d.images.resize(size_t(count) * d.pixels());
    d.labels.resize(size_t(count));
    Rng rng(1);
    for (auto& pixel : d.images) {
        const uint32_t bits = rng.next_u32();
        pixel = bits % 4 == 0 ? uint8_t(bits >> 24) : 0;
    }
    for (int i = 0; i < count; ++i) d.labels[size_t(i)] = uint8_t(i % 10);
    return d;
}

// A time `milliseconds` after `start` (at most `most_ms`; NaN is that too), on the trainer's clock.
Trainer::Clock::time_point deadline_after(Trainer::Clock::time_point start, double milliseconds, double most_ms) {
    const double ms = milliseconds < most_ms ? std::max(milliseconds, 0.0) : most_ms;
    return start + std::chrono::duration_cast<Trainer::Clock::duration>(std::chrono::duration<double, std::milli>(ms));
}

}  // namespace

extern "C" {

const char* sn_last_error(void) { return state().error.c_str(); }

int sn_net_load(const uint8_t* bytes, int size) {
    return guarded([&] {
        if (!bytes || size <= 0) throw std::runtime_error("model file: empty");
        const ModelFile model = parse_model(bytes, size_t(size), "model file");
        return add_net(network_from_model(model, eval_batch_for(model.architecture)));
    });
}

void sn_net_free(int net) {
    if (net == state().training_net) sn_train_end();
    state().nets.erase(net);
}

int sn_net_save(int net) {
    return guarded([&] {
        state().bytes = serialize_model(net_of(net));
        return int(state().bytes.size());
    });
}

const uint8_t* sn_bytes(void) { return state().bytes.data(); }

const char* sn_net_describe(int net) {
    guarded([&] {
        state().text = net_of(net).architecture().describe();
        return 0;
    });
    return state().text.c_str();
}

int sn_net_parameter_count(int net) {
    return guarded([&] { return int(net_of(net).parameter_count()); });
}

const float* sn_net_parameters(int net) {
    auto it = state().nets.find(net);
    return it == state().nets.end() ? nullptr : it->second->parameters();
}

const int* sn_net_first_layer(int net) {
    static int info[6];
    auto it = state().nets.find(net);
    if (it == state().nets.end()) return nullptr;
    const LayerSpec spec = it->second->layers().front()->spec();
    const Shape in = it->second->architecture().input;  // the image (a dense layer sees it flattened)
    const int values[6] = {int(spec.kind), spec.size, spec.kernel, in.channels, in.height, in.width};
    std::copy(values, values + 6, info);
    return info;
}

int sn_net_layer_count(int net) {
    return guarded([&] { return int(net_of(net).layers().size()); });
}

const float* sn_net_activation(int net, int layer) {
    auto it = state().nets.find(net);
    if (it == state().nets.end() || layer < 0 || size_t(layer) >= it->second->layers().size()) return nullptr;
    return it->second->activation(size_t(layer), 1).data();
}

int sn_net_activation_size(int net, int layer) {
    return guarded([&] {
        const Network& n = net_of(net);
        if (layer < 0 || size_t(layer) >= n.layers().size()) throw std::runtime_error("no layer " + std::to_string(layer));
        return n.layers()[size_t(layer)]->output_shape().size();
    });
}

int sn_predict(int net, const uint8_t* gray, int width, int height) {
    return guarded([&] {
        Network& n = net_of(net);
        if (n.input_size() != 784) throw std::runtime_error("predict: the network does not take 28x28 images");
        if (preprocess_drawing(gray, width, height, state().input).empty) {
            std::fill(std::begin(state().probabilities), std::end(state().probabilities), 0.0f);
            return 0;
        }
        return sn_classify_input(net);
    });
}

const float* sn_probabilities(void) { return state().probabilities; }
float* sn_network_input(void) { return state().input; }

int sn_classify_input(int net) {
    return guarded([&] {
        Network& n = net_of(net);
        if (n.input_size() != 784) throw std::runtime_error("classify: the network does not take 28x28 images");
        std::copy(std::begin(state().input), std::end(state().input), n.input(1).data());
        ConstMatMap probs = n.forward(1);
        std::copy(probs.data(), probs.data() + 10, state().probabilities);
        return 1;
    });
}

int sn_data_clear(int split, int expected_count) {
    return guarded([&] {
        Dataset& d = split_of(split, true);
        d = Dataset{};
        d.images.reserve(size_t(std::max(expected_count, 0)) * 784);  // one allocation: no growth spikes
        d.labels.reserve(size_t(std::max(expected_count, 0)));
        return 0;
    });
}

int sn_data_append(int split, const uint8_t* images, int images_size, const uint8_t* labels, int labels_size) {
    return guarded([&] {
        Dataset& d = split_of(split, true);
        const std::string what = split == 0 ? "training" : split == 1 ? "test" : "your digits'";
        Dataset chunk = parse_idx(images, size_t(std::max(images_size, 0)), what + " images",
                                  labels, size_t(std::max(labels_size, 0)), what + " labels");
        append(d, chunk);
        return d.count;
    });
}

int sn_data_count(int split) { return split >= 0 && split <= 2 ? state().data[split].count : -1; }

const char* sn_preset(const char* name) {
    if (guarded([&] {
            state().text = train_options_string(preset_config(name ? name : ""));
            return 0;
        }) < 0)
        state().text.clear();
    return state().text.c_str();
}

int sn_train_begin(const char* options) {
    return guarded([&] {
        sn_train_end();
        const TrainConfig config = parse_train_options(options ? options : "");
        if (state().data[0].count == 0) throw std::runtime_error("no training data loaded");
        return begin_run(config, state().data[0], nullptr);
    });
}

int sn_train_begin_from(int from, const char* options, int mnist_samples, int repeats) {
    return guarded([&] {
        sn_train_end();
        State& s = state();
        const Network& source = net_of(from);
        if (source.input_size() != s.data[2].pixels())
            throw std::runtime_error("fine-tuning: the network does not take 28x28 images");
        const TrainConfig config = parse_train_options(options ? options : "");
        Rng rng(config.seed, /*stream=*/77);  // its own stream: the trainer's draws stay those of the seed
        s.fine_tuning = mix_for_fine_tuning(s.data[2], repeats, s.data[0], mnist_samples, rng);
        return begin_run(config, s.fine_tuning, &source);
    });
}

int sn_warm_up(const char* options, double milliseconds) {
    return guarded([&] {
        if (state().trainer) return 0;  // a run is going: its code is as warm as it gets
        using Clock = Trainer::Clock;
        const Clock::time_point deadline = deadline_after(Clock::now(), milliseconds, 1000.0);  // set-up included
        TrainConfig config = parse_train_options(options ? options : "");
        config.epochs = std::numeric_limits<int>::max();
        config.train_samples = 0;
        config.batch_size = std::min(config.batch_size, 16);  // the same code in shorter steps: a deadline kept
        static const Dataset digits = made_up_digits(256);  // made once (200 KB), for every call
        Network net(architecture_of(config), effective_batch_size(config, digits.count));
        Trainer trainer(net, digits, config, /*initialize=*/false);  // zero weights train as fast as any
        do trainer.train_steps(std::numeric_limits<int>::max(), deadline);
        while (Clock::now() < deadline);
        evaluate(net, digits, trainer.batch_size());  // the evaluation after each epoch, on one batch
        return 0;
    });
}

int sn_train_threads(void) {
    const State& s = state();
    return s.trainer ? s.trainer->config().threads : 0;
}

int sn_train_run(double milliseconds) {
    return guarded([&] {
        State& s = state();
        if (!s.trainer) throw std::runtime_error("no training run (call sn_train_begin)");
        Network& net = net_of(s.training_net);
        s.last_good.assign(net.parameters(), net.parameters() + net.parameter_count());
        using Clock = Trainer::Clock;
        const Clock::time_point start = Clock::now();
        const int epochs_before = s.trainer->epoch();
        // A day (or NaN) is "no limit", which keeps the deadline's arithmetic in range.
        const Clock::time_point deadline = deadline_after(start, milliseconds, 86400e3);
        // Returns at an epoch's end too (train_steps stops there), so the caller can measure test accuracy after
        // every epoch.
        const Trainer::Steps done = s.trainer->train_steps(std::numeric_limits<int>::max(), deadline);
        const float loss = done.last_loss;
        const double elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (done.diverged) {
            std::copy(s.last_good.begin(), s.last_good.end(), net.parameters());
            s.train_seconds += elapsed_ms / 1000;
            s.error = "training diverged: the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                      ". The last good weights are kept; try a lower learning rate than " +
                      std::to_string(s.trainer->config().optimizer.learning_rate) + ".";
            sn_train_end();
            return -2;
        }
        s.loss_sum += done.loss_sum, s.loss_count += done.count;
        s.train_seconds += elapsed_ms / 1000;
        const Trainer& t = *s.trainer;
        const double p[11] = {double(t.epoch()), double(t.batch_in_epoch()), double(t.batches_per_epoch()),
                              double(t.config().epochs), double(t.samples_seen()), loss,
                              s.loss_count ? s.loss_sum / s.loss_count : NAN, t.learning_rate(), s.train_seconds,
                              double(t.epoch() - epochs_before), t.thread_waiting_share()};
        std::copy(p, p + 11, s.progress);
        s.loss_sum = 0, s.loss_count = 0;
        return t.finished() ? 1 : 0;
    });
}

void sn_train_end(void) {
    state().trainer.reset();
    state().training_net = 0;
}

const double* sn_train_progress(void) { return state().progress; }

int sn_evaluate(int net, int limit) {
    return guarded([&] {
        if (state().data[1].count == 0) throw std::runtime_error("no test data loaded");
        // Between a training run's slices, on its threads too.
        ThreadPool* threads = state().trainer ? state().trainer->pool() : nullptr;
        const Evaluation e = evaluate(net_of(net), state().data[1], limit, threads);
        auto& out = state().evaluation;
        out = {double(e.count), e.loss, e.accuracy, e.accuracy_stderr};
        out.insert(out.end(), e.class_accuracy.begin(), e.class_accuracy.end());
        for (auto& row : e.confusion) out.insert(out.end(), row.begin(), row.end());
        state().predicted = e.predicted;
        state().confidence = e.confidence;
        return 0;
    });
}

const double* sn_evaluation(void) { return state().evaluation.data(); }
const uint8_t* sn_evaluation_predicted(void) { return state().predicted.data(); }
const float* sn_evaluation_confidence(void) { return state().confidence.data(); }

const uint8_t* sn_data_images(int split) {
    return split >= 0 && split <= 2 ? state().data[split].images.data() : nullptr;
}
const uint8_t* sn_data_labels(int split) {
    return split >= 0 && split <= 2 ? state().data[split].labels.data() : nullptr;
}

}  // extern "C"
