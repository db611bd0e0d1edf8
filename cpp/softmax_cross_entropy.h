// The network's head: softmax over the logits fused with the cross-entropy loss.
// Fused because the gradient then is simply (probabilities − one-hot) / B, with no division by tiny numbers.
#pragma once
#include <cstdint>
#include "tensor.h"

namespace scratchnet {

// probs = softmax(logits) column by column; logits, probs: (classes × B). May alias (probs = logits).
void softmax(ConstMatMap logits, MatMap probs);

// Mean cross-entropy −log p[label] over the batch; labels has B entries. Infinite when a label's
// probability underflows to 0, which is how an exploding run shows itself.
float cross_entropy(ConstMatMap probs, const uint8_t* labels);

// dlogits = (probs − onehot(labels)) / B: the gradient of the batch's mean loss with respect to the logits.
// B is the whole batch's size: probs may be some of its columns (one thread's share).
void softmax_cross_entropy_backward(ConstMatMap probs, const uint8_t* labels, MatMap dlogits, int B);

}  // namespace scratchnet
