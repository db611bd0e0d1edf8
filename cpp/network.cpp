// The forward pass, the backward pass (the chain rule, layer by layer, last to first), and buffer set-up.
#include "network.h"
#include <algorithm>
#include <stdexcept>
#include "softmax_cross_entropy.h"
#include "split_range.h"

namespace scratchnet {

namespace {
// Columns [first, first + count) of a (rows × columns) batch buffer: those samples of the batch.
MatMap columns(AlignedFloats& buffer, int rows, int first, int count) {
    return {buffer.data() + Index(first) * rows, rows, count};
}
ConstMatMap const_columns(const AlignedFloats& buffer, int rows, int first, int count) {
    return {buffer.data() + Index(first) * rows, rows, count};
}
}  // namespace

Network::Network(const Architecture& arch, int max_batch)
    : arch_(arch), max_batch_(max_batch), layers_(build_layers(arch)) {
    if (max_batch <= 0) throw std::runtime_error("network: max batch must be positive");
    Index total = 0;
    for (auto& layer : layers_) total += layer->parameter_count();
    own_params_.assign(total, 0.0f);
    bind_layers(own_params_.data());

    buffers_ = std::make_shared<BatchBuffers>();
    buffers_->acts.resize(layers_.size() + 1);  // empty until the first batch (reserve_batch)
}

void Network::reserve_batch(int B) {
    if (B <= 0 || B > max_batch_) throw std::runtime_error("network: batch of " + std::to_string(B) +
                                                           " outside 1.." + std::to_string(max_batch_));
    BatchBuffers& b = *buffers_;
    if (B <= b.columns) return;
    b.acts[0].resize(size_t(input_size()) * B);
    for (size_t i = 0; i < layers_.size(); ++i) {
        const size_t size = size_t(layers_[i]->output_shape().size()) * B;
        b.acts[i + 1].resize(size);
        if (!b.dacts.empty()) b.dacts[i + 1].resize(size);
    }
    b.probs.resize(size_t(classes()) * B);
    b.columns = B;
}

void Network::make_training_buffers() {
    BatchBuffers& b = *buffers_;
    if (!b.dacts.empty()) return;
    b.dacts.emplace_back();  // dLoss/dinput: never needed
    for (auto& layer : layers_) b.dacts.emplace_back(size_t(layer->output_shape().size()) * b.columns);
}

Network::Network(Network& shared)
    : arch_(shared.arch_), max_batch_(shared.max_batch_), layers_(build_layers(shared.arch_)), buffers_(shared.buffers_) {
    bind_layers(shared.parameters());
}

void Network::bind_layers(float* params) {
    params_ = params;
    partials_.resize(layers_.size());
    for (size_t i = 0; i < layers_.size(); ++i)
        if (layers_[i]->splits_by_inputs()) partials_[i].assign(size_t(layers_[i]->output_shape().size()) * max_batch_, 0.0f);
    Index total = 0;
    for (auto& layer : layers_) total += layer->parameter_count();
    grads_.assign(total, 0.0f);
    Index offset = 0;
    for (auto& layer : layers_) {
        layer->bind(params_ + offset, grads_.data() + offset);
        offset += layer->parameter_count();
    }
}

void Network::initialize(Rng& rng, Init init) {
    for (auto& layer : layers_) layer->initialize(rng, init);
}

ConstMatMap Network::activation(size_t layer, int B) const {
    return {buffers_->acts[layer + 1].data(), layers_[layer]->output_shape().size(), B};
}

ConstMatMap Network::forward(int B) {
    BatchBuffers& b = *buffers_;
    if (B <= 0 || B > b.columns)  // growing here would read samples nobody wrote
        throw std::logic_error("network: forward of " + std::to_string(B) + " samples, but input() holds room for " +
                               std::to_string(b.columns));
    for (size_t i = 0; i < layers_.size(); ++i) {
        Layer& layer = *layers_[i];
        layer.forward(const_columns(b.acts[i], layer.input_shape().size(), 0, B),
                      columns(b.acts[i + 1], layer.output_shape().size(), 0, B));
    }
    softmax(const_columns(b.acts.back(), classes(), 0, B), columns(b.probs, classes(), 0, B));
    return {b.probs.data(), classes(), B};
}

float Network::compute_gradients(const uint8_t* labels, int B) {
    make_training_buffers();
    ConstMatMap probs = forward(B);
    const float loss = cross_entropy(probs, labels);
    softmax_cross_entropy_backward(probs, labels, columns(buffers_->dacts.back(), classes(), 0, B), B);
    backward_columns(0, B, false);
    return loss;
}

// The chain rule, last layer to first, on columns [first, first + count) of the batch (their dLoss/dlogits
// already in place). Layers that split by inputs skip their parameter gradient if asked (gradient_part makes it).
void Network::backward_columns(int first, int count, bool leave_split_gradients) {
    BatchBuffers& b = *buffers_;
    for (size_t i = layers_.size(); i-- > 0;) {
        Layer& layer = *layers_[i];
        const int in = layer.input_shape().size(), out = layer.output_shape().size();
        ConstMatMap x = const_columns(b.acts[i], in, first, count), y = const_columns(b.acts[i + 1], out, first, count),
                    dy = const_columns(b.dacts[i + 1], out, first, count);
        MatMap dx = i == 0 ? MatMap(nullptr, in, count) : columns(b.dacts[i], in, first, count);  // no dLoss/dinput
        if (leave_split_gradients && layer.splits_by_inputs())
            layer.backward_input(x, y, dy, dx);
        else
            layer.backward(x, y, dy, dx);
    }
}

float Network::compute_share(ThreadPool& pool, const std::vector<Network*>& lanes, int part, const uint8_t* labels,
                             int B) {
    if (B > buffers_->columns || buffers_->dacts.empty())
        throw std::logic_error("network: compute_share before reserve_batch and make_training_buffers");
    long first, end;
    split_range(B, pool.size(), part, first, end);
    const int count = int(end - first);
    forward_share(pool, lanes, part, B, int(first), count);
    if (count == 0) {  // a batch smaller than the thread count: nothing to add from this lane
        std::fill(grads_.begin(), grads_.end(), 0.0f);
        return 0.0f;
    }
    BatchBuffers& b = *buffers_;
    ConstMatMap probs = const_columns(b.probs, classes(), int(first), count);
    const float loss = cross_entropy(probs, labels + first);
    softmax_cross_entropy_backward(probs, labels + first, columns(b.dacts.back(), classes(), int(first), count), B);
    backward_columns(int(first), count, true);
    return loss * count / B;
}

// The forward pass with the threads of `pool`: each layer either on this thread's columns, or (a layer that
// splits by inputs) as this thread's partial sum over the whole batch, after which each thread adds up the
// partial sums of its own columns. The barriers make sure what a thread reads has been written.
void Network::forward_share(ThreadPool& pool, const std::vector<Network*>& lanes, int part, int B, int first,
                            int count) {
    BatchBuffers& b = *buffers_;
    for (size_t i = 0; i < layers_.size(); ++i) {
        Layer& layer = *layers_[i];
        const int in = layer.input_shape().size(), out = layer.output_shape().size();
        MatMap y = columns(b.acts[i + 1], out, first, count);
        if (!layer.splits_by_inputs()) {
            layer.forward(const_columns(b.acts[i], in, first, count), y);
            continue;
        }
        // Every column of x is ready. (Of the input, this thread reads only the run of rows it gathered itself.)
        if (i > 0) pool.barrier();
        layer.forward_part(const_columns(b.acts[i], in, 0, B), columns(partials_[i], out, 0, B), part, pool.size());
        pool.barrier();  // every partial sum is ready
        y = const_columns(lanes[0]->partials_[i], out, first, count);
        for (size_t t = 1; t < lanes.size(); ++t) y += const_columns(lanes[t]->partials_[i], out, first, count);
    }
    softmax(const_columns(b.acts.back(), classes(), first, count), columns(b.probs, classes(), first, count));
}

void Network::gradient_part(const std::vector<Network*>& lanes, int B, int part, int parts,
                            const std::function<void(Index, Index)>& done) {
    BatchBuffers& b = *buffers_;
    Index offset = 0;
    for (size_t i = 0; i < layers_.size(); ++i) {
        Layer& layer = *layers_[i];
        const Index n = layer.parameter_count();
        if (n == 0) continue;
        ParamRange slice;
        if (layer.splits_by_inputs()) {
            slice = layer.parameter_gradient(const_columns(b.acts[i], layer.input_shape().size(), 0, B),
                                             const_columns(b.dacts[i + 1], layer.output_shape().size(), 0, B),
                                             part, parts);
        } else {  // every lane wrote its share's gradient: add them up into this network's, a slice per part
            long begin, end;
            split_range(n, parts, part, begin, end);
            slice = {begin, end};
            VecMap sum(grads_.data() + offset + begin, end - begin);
            for (Network* lane : lanes)
                if (lane != this) sum += ConstVecMap(lane->grads_.data() + offset + begin, end - begin);
        }
        if (slice.end > slice.begin) done(offset + slice.begin, offset + slice.end);
        offset += n;
    }
}

}  // namespace scratchnet
