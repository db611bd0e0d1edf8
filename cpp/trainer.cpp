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
    if (config.threads > 1) {
        const int per_thread = (batch_size_ + config.threads - 1) / config.threads;
        pool_ = std::make_unique<ThreadPool>(config.threads);
        for (int t = 1; t < config.threads; ++t) replicas_.push_back(std::make_unique<Network>(net_, per_thread));
        share_loss_.resize(config.threads);
    }
    start_epoch();
}

Trainer::~Trainer() = default;

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
    optimizer_.set_learning_rate(learning_rate());
    float loss;
    if (pool_) {
        loss = train_in_parallel(B);
    } else {
        loss = net_.compute_gradients(labels_.data(), B);      // forward, loss, backward
        optimizer_.step(net_.parameters(), net_.gradients());  // update
    }

    samples_seen_ += B;
    if (++batch_ == batches_per_epoch()) {
        ++epoch_;
        if (!finished()) start_epoch();
    }
    return loss;
}

// The same step on several threads. Each thread's share of the batch is a run of columns of net_'s input; its
// mean loss and gradient are over its own samples, so the batch's are the shares' averages weighted by size.
// Then each thread sums and applies the update for its own slice of the parameters.
float Trainer::train_in_parallel(int B) {
    const int T = pool_->size(), inputs = net_.input_size();
    const float* x = net_.input(B).data();
    pool_->run([&](int t) {
        long b0, b1;
        split_range(B, T, t, b0, b1);
        Network& n = t == 0 ? net_ : *replicas_[t - 1];
        share_loss_[t] = b1 > b0 ? n.compute_gradients(x + b0 * inputs, labels_.data() + b0, int(b1 - b0)) : 0.0f;
    });
    optimizer_.begin_step();
    pool_->run([&](int t) {
        long p0, p1, b0, b1;
        split_range(net_.parameter_count(), T, t, p0, p1);
        Eigen::Map<Eigen::ArrayXf> sum(net_.gradients() + p0, p1 - p0);
        split_range(B, T, 0, b0, b1);
        sum *= float(b1 - b0) / B;
        for (int r = 1; r < T; ++r) {
            split_range(B, T, r, b0, b1);
            sum += (float(b1 - b0) / B) * Eigen::Map<Eigen::ArrayXf>(replicas_[r - 1]->gradients() + p0, p1 - p0);
        }
        optimizer_.update(net_.parameters(), net_.gradients(), p0, p1);
    });
    float loss = 0;
    for (int t = 0; t < T; ++t) {
        long b0, b1;
        split_range(B, T, t, b0, b1);
        loss += share_loss_[t] * float(b1 - b0) / B;
    }
    return loss;
}

}  // namespace scratchnet
