// One training step, as in the origin story: forward, loss, backward (chain rule), update.
#include "trainer.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "batch.h"

namespace scratchnet {

int training_samples(const TrainConfig& config, int available) {
    return config.train_samples > 0 ? std::min(config.train_samples, available) : available;
}

int effective_batch_size(const TrainConfig& config, int available) {
    return std::max(1, std::min(config.batch_size, training_samples(config, available)));
}

Trainer::Trainer(Network& net, const Dataset& data, const TrainConfig& config, bool initialize)
    : net_(net),
      data_(data),
      config_(config),
      samples_(training_samples(config, data.count)),
      batch_size_(effective_batch_size(config, data.count)),
      optimizer_(config.optimizer, net.parameter_count()),
      rng_(config.seed) {
    if (data.count <= 0) throw std::runtime_error("trainer: the training set is empty");
    if (batch_size_ > net.max_batch())
        throw std::runtime_error("trainer: batch " + std::to_string(batch_size_) + " exceeds the network's buffers (" +
                                 std::to_string(net.max_batch()) + ")");
    if (data.pixels() != net.input_size())
        throw std::runtime_error("trainer: images have " + std::to_string(data.pixels()) + " pixels, the network takes " +
                                 std::to_string(net.input_size()));
    if (initialize) net_.initialize(rng_, config.init);
    order_.resize(samples_);
    for (int i = 0; i < samples_; ++i) order_[i] = static_cast<uint32_t>(i);
    labels_.resize(batch_size_);
    start_epoch();
}

void Trainer::start_epoch() {
    batch_ = 0;
    rng_.shuffle(order_.data(), order_.size());  // a fresh order every epoch
}

float Trainer::learning_rate() const {
    const float base = config_.optimizer.learning_rate;
    if (!config_.lr_decay) return base;
    const double total = double(config_.epochs) * batches_per_epoch();
    const double done = double(epoch_) * batches_per_epoch() + batch_;
    return static_cast<float>(base * 0.5 * (1.0 + std::cos(3.141592653589793 * done / total)));
}

float Trainer::step() {
    if (finished()) throw std::runtime_error("trainer: all epochs are done");
    const int start = batch_ * batch_size_;
    const int B = std::min(batch_size_, samples_ - start);

    gather_batch(data_, order_.data() + start, B, net_.input(B).data(), labels_.data(),
                 config_.augment ? &config_.augmentation : nullptr, rng_);
    const float loss = net_.compute_gradients(labels_.data(), B);  // forward, loss, backward
    optimizer_.set_learning_rate(learning_rate());
    optimizer_.step(net_.parameters(), net_.gradients());          // update

    samples_seen_ += B;
    if (++batch_ == batches_per_epoch()) {
        ++epoch_;
        if (!finished()) start_epoch();
    }
    return loss;
}

}  // namespace scratchnet
