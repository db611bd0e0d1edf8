// Measuring a network on a labelled set: loss, accuracy with its standard error, per-class accuracy, confusion.
#pragma once
#include <array>
#include <vector>
#include "dataset.h"
#include "network.h"
#include "thread_pool.h"

namespace scratchnet {

struct Evaluation {
    int count = 0;
    double loss = 0;             // mean cross-entropy
    double accuracy = 0;         // 0..1
    double accuracy_stderr = 0;  // binomial standard error sqrt(p(1−p)/n)
    std::array<double, 10> class_accuracy{};
    std::array<std::array<int, 10>, 10> confusion{};  // confusion[true][predicted]
    std::vector<uint8_t> predicted;  // per sample: the digit the network read
    std::vector<float> confidence;   // per sample: the probability it gave that digit
};

// Evaluates the first `limit` samples (all if limit <= 0), in chunks of the network's max batch. With `pool`
// (idle: between training's runs), its threads share the chunks, each after the first on a copy of the network;
// every sample's result is the same as on one thread, and the mean loss too but for the last bits of its sum.
Evaluation evaluate(Network& net, const Dataset& data, int limit = 0, ThreadPool* pool = nullptr);

// Fills net.input with samples [start, start + B) scaled to [0, 1].
void load_inputs(Network& net, const Dataset& data, int start, int B);

}  // namespace scratchnet
