// Evaluation in batches: forward only, no gradients.
#include "evaluate.h"
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include "batch.h"
#include "split_range.h"

namespace scratchnet {

void load_inputs(Network& net, const Dataset& data, int start, int B) {
    scale_pixels(data.image(start), net.input(B).data(), B * data.pixels());
}

namespace {
// What one thread counted over its chunks of the samples.
struct Tally {
    int right = 0;
    double loss = 0;  // summed cross-entropy
    std::array<int, 10> per_class_total{}, per_class_right{};
    std::array<std::array<int, 10>, 10> confusion{};
};

// Chunks [first, end) of the first e.count samples (chunks of net.max_batch()), read by `net`: each sample's
// digit and confidence into e, the counts into `tally`.
void evaluate_chunks(Network& net, const Dataset& data, long first, long end, Evaluation& e, Tally& tally) {
    const int chunk = net.max_batch();
    for (long c = first; c < end; ++c) {
        const int start = int(c * chunk), B = std::min(chunk, e.count - start);
        load_inputs(net, data, start, B);
        ConstMatMap probs = net.forward(B);
        for (int j = 0; j < B; ++j) {
            Index predicted;
            probs.col(j).maxCoeff(&predicted);
            const int label = data.labels[start + j];
            e.predicted[start + j] = uint8_t(predicted);
            e.confidence[start + j] = probs(predicted, j);
            tally.loss -= std::log(std::max(probs(label, j), 1e-30f));
            tally.confusion[label][predicted]++;
            tally.per_class_total[label]++;
            if (predicted == label) {
                tally.right++;
                tally.per_class_right[label]++;
            }
        }
    }
}
}  // namespace

Evaluation evaluate(Network& net, const Dataset& data, int limit, ThreadPool* pool) {
    if (net.classes() != 10) throw std::runtime_error("evaluate: MNIST needs a network with 10 outputs");
    Evaluation e;
    e.count = limit > 0 ? std::min(limit, data.count) : data.count;
    e.predicted.resize(e.count);
    e.confidence.resize(e.count);
    const long chunks = (long(e.count) + net.max_batch() - 1) / net.max_batch();
    const int T = pool ? int(std::clamp<long>(chunks, 1, pool->size())) : 1;  // threads with a chunk to read
    std::vector<Tally> tallies(T);
    if (T == 1) {
        evaluate_chunks(net, data, 0, chunks, e, tallies[0]);
    } else {
        // Each thread a run of the chunks; the threads after the first read copies of the network (its
        // parameters, their own buffers). The chunks are the same as on one thread, so every sample's result is.
        std::vector<std::unique_ptr<Network>> copies;
        for (int t = 1; t < T; ++t) {
            copies.push_back(std::make_unique<Network>(net.architecture(), net.max_batch()));
            std::copy(net.parameters(), net.parameters() + net.parameter_count(), copies.back()->parameters());
        }
        pool->run(
            [&](int t) {
                if (t >= T) return;
                long first, end;
                split_range(chunks, T, t, first, end);
                evaluate_chunks(t == 0 ? net : *copies[size_t(t - 1)], data, first, end, e, tallies[size_t(t)]);
            },
            ThreadPool::Timing::NotCounted);
    }
    std::array<int, 10> per_class_total{}, per_class_right{};
    int right = 0;
    double loss = 0;
    for (const Tally& tally : tallies) {  // in thread order
        right += tally.right;
        loss += tally.loss;
        for (int c = 0; c < 10; ++c) {
            per_class_total[c] += tally.per_class_total[c];
            per_class_right[c] += tally.per_class_right[c];
            for (int p = 0; p < 10; ++p) e.confusion[c][p] += tally.confusion[c][p];
        }
    }
    e.loss = loss / e.count;
    e.accuracy = double(right) / e.count;
    e.accuracy_stderr = std::sqrt(e.accuracy * (1 - e.accuracy) / e.count);
    for (int c = 0; c < 10; ++c)
        e.class_accuracy[c] = per_class_total[c] ? double(per_class_right[c]) / per_class_total[c] : 0.0;
    return e;
}

}  // namespace scratchnet
