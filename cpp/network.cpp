// The forward pass, the backward pass (the chain rule, layer by layer, last to first), and buffer set-up.
#include "network.h"
#include <algorithm>
#include <stdexcept>
#include "softmax_cross_entropy.h"

namespace scratchnet {

Network::Network(const Architecture& arch, int max_batch)
    : arch_(arch), max_batch_(max_batch), layers_(build_layers(arch)) {
    Index total = 0;
    for (auto& layer : layers_) total += layer->parameter_count();
    own_params_.assign(total, 0.0f);
    allocate(max_batch, own_params_.data());
}

Network::Network(Network& shared, int max_batch)
    : arch_(shared.arch_), max_batch_(max_batch), layers_(build_layers(shared.arch_)) {
    allocate(max_batch, shared.parameters());
}

void Network::allocate(int max_batch, float* params) {
    if (max_batch <= 0) throw std::runtime_error("network: max batch must be positive");
    params_ = params;
    Index total = 0;
    for (auto& layer : layers_) total += layer->parameter_count();
    grads_.assign(total, 0.0f);
    Index offset = 0;
    for (auto& layer : layers_) {
        layer->bind(params_ + offset, grads_.data() + offset);
        offset += layer->parameter_count();
    }
    const Architecture& arch = arch_;

    size_t widest = arch.input.size();
    acts_.emplace_back(size_t(arch.input.size()) * max_batch);
    for (auto& layer : layers_) {
        size_t size = layer->output_shape().size();
        acts_.emplace_back(size * max_batch);
        widest = std::max(widest, size);
    }
    probs_.assign(size_t(classes()) * max_batch, 0.0f);
    dy_.assign(widest * max_batch, 0.0f);
    dx_.assign(widest * max_batch, 0.0f);
}

void Network::initialize(Rng& rng, Init init) {
    for (auto& layer : layers_) layer->initialize(rng, init);
}

ConstMatMap Network::activation(size_t layer, int B) const {
    return {acts_[layer + 1].data(), layers_[layer]->output_shape().size(), B};
}

ConstMatMap Network::forward(int B) { return forward_from(acts_[0].data(), B); }

ConstMatMap Network::forward_from(const float* input, int B) {
    if (B <= 0 || B > max_batch_) throw std::runtime_error("network: batch of " + std::to_string(B) +
                                                           " outside 1.." + std::to_string(max_batch_));
    for (size_t i = 0; i < layers_.size(); ++i) {
        ConstMatMap x(i == 0 ? input : acts_[i].data(), layers_[i]->input_shape().size(), B);
        MatMap y(acts_[i + 1].data(), layers_[i]->output_shape().size(), B);
        layers_[i]->forward(x, y);
    }
    MatMap probs(probs_.data(), classes(), B);
    softmax(activation(layers_.size() - 1, B), probs);
    return {probs_.data(), classes(), B};
}

float Network::compute_gradients(const uint8_t* labels, int B) {
    return compute_gradients(acts_[0].data(), labels, B);
}

float Network::compute_gradients(const float* input, const uint8_t* labels, int B) {
    ConstMatMap probs = forward_from(input, B);
    float loss = cross_entropy(probs, labels);
    softmax_cross_entropy_backward(probs, labels, MatMap(dy_.data(), classes(), B));

    for (size_t i = layers_.size(); i-- > 0;) {
        Layer& layer = *layers_[i];
        const int in = layer.input_shape().size(), out = layer.output_shape().size();
        ConstMatMap x(i == 0 ? input : acts_[i].data(), in, B), y(acts_[i + 1].data(), out, B), dy(dy_.data(), out, B);
        MatMap dx(i == 0 ? nullptr : dx_.data(), in, B);  // nobody needs the gradient of the input
        layer.backward(x, y, dy, dx);
        std::swap(dy_, dx_);  // this layer's dx is the previous layer's dy
    }
    return loss;
}

}  // namespace scratchnet
