// A sequential network: layers in a row, then the softmax + cross-entropy head.
// Owns every buffer, allocated once: one parameter buffer, one gradient buffer of the same layout, and the
// activations for the largest batch. Nothing is allocated while training or predicting.
#pragma once
#include <memory>
#include <vector>
#include "architecture.h"

namespace scratchnet {

class Network {
public:
    Network(const Architecture& arch, int max_batch);
    // A replica for data-parallel training: it reads and updates `shared`'s parameters (no copy), and has its
    // own gradient and activation buffers, so threads can compute gradients on different samples at once.
    Network(Network& shared, int max_batch);
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    const Architecture& architecture() const { return arch_; }
    int max_batch() const { return max_batch_; }
    int input_size() const { return arch_.input.size(); }
    int classes() const { return layers_.back()->output_shape().size(); }
    const std::vector<std::unique_ptr<Layer>>& layers() const { return layers_; }

    // All parameters, layer after layer, in one contiguous buffer; gradients in a matching one.
    Index parameter_count() const { return static_cast<Index>(grads_.size()); }
    float* parameters() { return params_; }
    const float* parameters() const { return params_; }
    float* gradients() { return grads_.data(); }
    void initialize(Rng& rng, Init init);

    // Write a batch here, one sample per column (pixels scaled to [0, 1]), then call forward or compute_gradients.
    MatMap input(int B) { return {acts_[0].data(), input_size(), B}; }

    // Forward pass of the batch in input(B); returns the class probabilities (classes × B).
    ConstMatMap forward(int B);
    // Forward, loss and backward: leaves dLoss/dparams in gradients() and returns the mean loss.
    float compute_gradients(const uint8_t* labels, int B);
    // The same on B samples read from `input` ((input size × B), e.g. some columns of another batch).
    float compute_gradients(const float* input, const uint8_t* labels, int B);

    // The activations of layer i's output after the last forward: (size × B).
    ConstMatMap activation(size_t layer, int B) const;

private:
    void allocate(int max_batch, float* params);
    ConstMatMap forward_from(const float* input, int B);

    Architecture arch_;
    int max_batch_;
    std::vector<std::unique_ptr<Layer>> layers_;
    std::vector<float> own_params_, grads_;  // own_params_ is empty in a replica
    float* params_;                          // own_params_, or the shared network's
    std::vector<std::vector<float>> acts_;  // acts_[0]: input; acts_[i + 1]: output of layer i; (size × max_batch)
    std::vector<float> probs_;              // (classes × max_batch)
    std::vector<float> dy_, dx_;            // backward ping-pong: gradient w.r.t. a layer's output and input
};

}  // namespace scratchnet
