// Softmax, cross-entropy, and the gradient of the two together.
#include "softmax_cross_entropy.h"
#include <cmath>

namespace scratchnet {

void softmax(ConstMatMap logits, MatMap probs) {
    for (Index j = 0; j < logits.cols(); ++j) {
        float max = logits.col(j).maxCoeff();  // subtract the max so exp never overflows
        probs.col(j) = (logits.col(j).array() - max).exp();
        probs.col(j) /= probs.col(j).sum();
    }
}

float cross_entropy(ConstMatMap probs, const uint8_t* labels) {
    double total = 0;
    for (Index j = 0; j < probs.cols(); ++j)
        total -= std::log(probs(labels[j], j));  // p = 0 (a diverged run) gives +inf: let it show
    return static_cast<float>(total / probs.cols());
}

void softmax_cross_entropy_backward(ConstMatMap probs, const uint8_t* labels, MatMap dlogits, int B) {
    const float inv_batch = 1.0f / B;
    dlogits = probs * inv_batch;
    for (Index j = 0; j < probs.cols(); ++j) dlogits(labels[j], j) -= inv_batch;
}

}  // namespace scratchnet
