// Evaluation in batches: forward only, no gradients.
#include "evaluate.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "batch.h"

namespace scratchnet {

void load_inputs(Network& net, const Dataset& data, int start, int B) {
    scale_pixels(data.image(start), net.input(B).data(), B * data.pixels());
}

Evaluation evaluate(Network& net, const Dataset& data, int limit) {
    if (net.classes() != 10) throw std::runtime_error("evaluate: MNIST needs a network with 10 outputs");
    Evaluation e;
    e.count = limit > 0 ? std::min(limit, data.count) : data.count;
    e.predicted.resize(e.count);
    e.confidence.resize(e.count);
    std::array<int, 10> per_class_total{}, per_class_right{};
    int right = 0;
    double loss = 0;
    for (int start = 0; start < e.count; start += net.max_batch()) {
        const int B = std::min(net.max_batch(), e.count - start);
        load_inputs(net, data, start, B);
        ConstMatMap probs = net.forward(B);
        for (int j = 0; j < B; ++j) {
            Index predicted;
            probs.col(j).maxCoeff(&predicted);
            const int label = data.labels[start + j];
            e.predicted[start + j] = uint8_t(predicted);
            e.confidence[start + j] = probs(predicted, j);
            loss -= std::log(std::max(probs(label, j), 1e-30f));
            e.confusion[label][predicted]++;
            per_class_total[label]++;
            if (predicted == label) {
                right++;
                per_class_right[label]++;
            }
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
