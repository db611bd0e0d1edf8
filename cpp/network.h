// A sequential network: layers in a row, then the softmax + cross-entropy head.
// Owns every buffer: one parameter buffer, one gradient buffer of the same layout, the activations and, once it
// trains, their gradients. The batch buffers grow to the largest batch the network has been given (up to
// max_batch), so a network that only reads drawings holds one sample's. Nothing is allocated while training or
// predicting, but for the first step or batch of a larger size.
#pragma once
#include <functional>
#include <memory>
#include <vector>
#include "architecture.h"
#include "thread_pool.h"

namespace scratchnet {

class Network {
public:
    Network(const Architecture& arch, int max_batch);
    // A lane for data-parallel training: its own layer objects (their scratch memory) and gradient buffer, and
    // `shared`'s parameters and batch buffers (no copies), so threads can work on different columns at once.
    explicit Network(Network& shared);
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
    // The batch buffers grow the first time B is this large (reserve_batch).
    MatMap input(int B) {
        reserve_batch(B);
        return {buffers_->acts[0].data(), input_size(), B};
    }
    // Makes the batch buffers (the activations, their gradients once training, the probabilities) room for B
    // samples, 1 <= B <= max_batch. Not while threads share them: Trainer reserves its batch before they start.
    void reserve_batch(int B);

    // Forward pass of the batch in input(B) (called first); returns the class probabilities (classes × B).
    ConstMatMap forward(int B);
    // Forward, loss and backward: leaves dLoss/dparams in gradients() and returns the mean loss.
    float compute_gradients(const uint8_t* labels, int B);
    // The buffers only training needs, dLoss/d(each activation), as large as the activations: compute_gradients
    // makes them the first time, Trainer before its threads share them. A network only read from (the page's
    // pretrained models) never holds them.
    void make_training_buffers();

    // Data-parallel training: every thread of `pool` calls these at once, thread t on lanes[t] (lanes[0] being
    // the network they all share), with the batch already in input(B): all of it, or at least what thread t
    // reads (its columns; with a first layer that splits by inputs, its run of rows, Trainer::gather_share).
    // First compute_share: forward, loss and backward of thread t's run of the batch's columns (returning its
    // part of the batch's mean loss). Layers that split by inputs do their forward and parameter gradient by
    // runs of inputs instead (Layer::splits_by_inputs); the others write thread t's share of their gradient to
    // this lane's gradients(). Then, on the shared network, gradient_part: thread t's slice of every layer's
    // gradient (computed from the whole batch, or the lanes' shares added up), calling `done` on each finished
    // slice [begin, end) of gradients(), so the update can follow while it is in cache.
    float compute_share(ThreadPool& pool, const std::vector<Network*>& lanes, int part, const uint8_t* labels, int B);
    void gradient_part(const std::vector<Network*>& lanes, int B, int part, int parts,
                       const std::function<void(Index, Index)>& done);

    // The activations of layer i's output after the last forward: (size × B).
    ConstMatMap activation(size_t layer, int B) const;

private:
    // A batch's activations and their gradients, one sample per column: acts[0] is the input, acts[i + 1]
    // layer i's output (size × columns); dacts[i] is dLoss/dacts[i] (dacts[0], the input's, is never needed;
    // dacts is empty until make_training_buffers). Cache-line aligned, as the parameters are: Eigen's vectorized
    // loops start where a buffer's alignment lets them, so the last bits of what they compute depend on it, and
    // wasm's malloc aligns to 8 bytes only. With plain vectors, the same weights read the same digits with
    // different last bits in a network allocated elsewhere (measured in wasm: 385-430 of 1000 test digits).
    struct BatchBuffers {
        int columns = 0;  // the samples every buffer has room for (reserve_batch)
        std::vector<AlignedFloats> acts, dacts;
        AlignedFloats probs;  // (classes × columns)
    };
    void bind_layers(float* params);
    void forward_share(ThreadPool& pool, const std::vector<Network*>& lanes, int part, int B, int first, int count);
    void backward_columns(int first, int count, bool leave_split_gradients);

    Architecture arch_;
    int max_batch_;
    std::vector<std::unique_ptr<Layer>> layers_;
    AlignedFloats own_params_, grads_;  // own_params_ is empty in a lane
    float* params_;                          // own_params_, or the shared network's
    std::shared_ptr<BatchBuffers> buffers_;  // a lane's are the shared network's
    std::vector<AlignedFloats> partials_;  // this lane's forward_part of each layer that splits by inputs
};

}  // namespace scratchnet
