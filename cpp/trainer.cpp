// One training step, as in the origin story: forward, loss, backward (chain rule), update.
#include "trainer.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "batch.h"
#include "split_range.h"

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
        pool_ = std::make_unique<ThreadPool>(config.threads);
        lanes_.push_back(&net_);
        for (int t = 1; t < config.threads; ++t) {
            replicas_.push_back(std::make_unique<Network>(net_));
            lanes_.push_back(replicas_.back().get());
        }
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

    const uint32_t* indices = order_.data() + start;
    optimizer_.set_learning_rate(learning_rate());
    float loss;
    if (pool_) {
        loss = train_in_parallel(indices, B);
    } else {
        gather_batch(data_, indices, B, net_.input(B).data(), labels_.data(), augmentation(), rng_);
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

// The same step on several threads, in two phases. First each thread takes a run of the batch's columns through
// forward, loss and backward on its own lane. Then, once all are done, each thread computes one slice of the
// parameter gradient from the whole batch and updates those parameters: nothing is computed twice, and no
// thread waits on another's gradient sum.
float Trainer::train_in_parallel(const uint32_t* indices, int B) {
    const int T = pool_->size(), inputs = net_.input_size();
    // Without augmentation each thread gathers its own columns (reading the samples from memory is a good part
    // of a step); augmentation draws from one random sequence, sample after sample, so it gathers first, alone.
    const bool gather_in_parallel = augmentation() == nullptr;
    if (!gather_in_parallel) gather_batch(data_, indices, B, net_.input(B).data(), labels_.data(), augmentation(), rng_);
    optimizer_.begin_step();
    pool_->run([&](int t) {
        if (gather_in_parallel) {
            long first, end;
            split_range(B, T, t, first, end);
            gather_batch(data_, indices + first, int(end - first), net_.input(B).data() + first * inputs,
                         labels_.data() + first, nullptr, rng_);
            pool_->barrier();  // the whole batch is in place
        }
        share_loss_[t] = lanes_[t]->compute_share(*pool_, lanes_, t, labels_.data(), B);
        pool_->barrier();  // every thread's backward is done
        net_.gradient_part(lanes_, B, t, T, [&](Index begin, Index end) {
            optimizer_.update(net_.parameters(), net_.gradients(), begin, end);
        });
    });
    float loss = 0;
    for (float share : share_loss_) loss += share;
    return loss;
}

}  // namespace scratchnet
