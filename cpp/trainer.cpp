// One training step, as in the origin story: forward, loss, backward (chain rule), update.
#include "trainer.h"
#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
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
      // Split by hidden units, each thread keeps its own optimizer state (HiddenUnitSplit).
      optimizer_(config.optimizer, splits_hidden_units(net, config, batch_size_) ? 0 : net.parameter_count()),
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
    if (splits_hidden_units(net_, config, batch_size_)) {
        pool_ = std::make_unique<ThreadPool>(config.threads);
        hidden_split_ = std::make_unique<HiddenUnitSplit>(net_, config.threads, batch_size_, config.optimizer);
    } else if (config.threads > 1) {
        pool_ = std::make_unique<ThreadPool>(config.threads);
        // Here, before the threads share the batch buffers (on one thread, the first step makes them).
        net_.reserve_batch(batch_size_);
        net_.make_training_buffers();
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

bool Trainer::splits_hidden_units(const Network& net, const TrainConfig& config, int batch) {
    return config.threads > 1 && !config.augment && HiddenUnitSplit::fits(net, config.threads, batch);
}

void Trainer::set_hidden_units_per_thread(const std::vector<int>& units) {
    if (!hidden_split_) throw std::logic_error("trainer: the threads do not split the hidden units here");
    hidden_split_->set_units_per_thread(units);
}

void Trainer::start_epoch() {
    rng_.shuffle(order_.data(), order_.size());  // a fresh order every epoch
}

float Trainer::learning_rate_at(int batch) const {
    const float base = config_.optimizer.learning_rate;
    if (!config_.lr_decay) return base;
    const double total = double(config_.epochs) * batches_per_epoch();
    const double done = double(epoch_) * batches_per_epoch() + batch;
    return static_cast<float>(base * 0.5 * (1.0 + std::cos(3.141592653589793 * done / total)));
}

float Trainer::step() { return train_steps(1, Clock::time_point::max()).last_loss; }

Trainer::Steps Trainer::train_steps(int max_steps, Clock::time_point deadline) {
    if (finished()) throw std::runtime_error("trainer: all epochs are done");
    const int steps = std::max(1, std::min(max_steps, batches_per_epoch() - batch_));  // never past the epoch
    const Steps done = pool_ ? train_in_parallel(steps, deadline) : train_alone(steps, deadline);
    for (int k = 0; k < done.count; ++k) samples_seen_ += batch_samples(batch_ + k);
    batch_ += done.count;
    if (batch_ == batches_per_epoch()) {  // after the last epoch too: (epochs, 0), not a batch count past its end
        ++epoch_;
        batch_ = 0;
        if (!finished()) start_epoch();  // a fresh order
    }
    return done;
}

Trainer::Steps Trainer::train_alone(int steps, Clock::time_point deadline) {
    Steps done;
    for (int k = 0; k < steps; ++k) {
        const int batch = batch_ + k, B = batch_samples(batch);
        gather_batch(data_, batch_indices(batch), B, net_.input(B).data(), labels_.data(), augmentation(), rng_);
        prefetch(batch + 1, 0, data_.pixels());  // the next batch's images come into cache while this one computes
        const float loss = net_.compute_gradients(labels_.data(), B);  // forward, loss, backward
        optimizer_.set_learning_rate(learning_rate_at(batch));
        optimizer_.step(net_.parameters(), net_.gradients());          // update
        done.add(loss);
        if (done.diverged || Clock::now() >= deadline) break;
    }
    return done;
}

namespace {
// Step k's loss, in step order. When it is not finite or the deadline has passed, the last step to take becomes
// the one after k: the other threads may have started that one already, and all must take the same steps.
void count_loss(Trainer::Steps& done, std::atomic<int>& last_step, int k, float loss,
                Trainer::Clock::time_point deadline) {
    done.add(loss);
    if (done.diverged || Trainer::Clock::now() >= deadline)
        last_step.store(std::min(last_step.load(), k + 1), std::memory_order_release);
}
}  // namespace

// The same steps on several threads, all in one run of the pool: the one-hidden-layer MLP split by hidden units
// (train_by_hidden_units), other networks by samples (step_by_samples, thread 0 counting the losses).
Trainer::Steps Trainer::train_in_parallel(int steps, Clock::time_point deadline) {
    if (hidden_split_) return train_by_hidden_units(steps, deadline);
    const long long updates_before = optimizer_.steps_taken();
    std::atomic<int> last_step{steps - 1};  // lowered by count_loss
    Steps done;
    pool_->run([&](int t) {
        for (int k = 0; k <= last_step.load(std::memory_order_acquire); ++k) {
            const int batch = batch_ + k;
            const Optimizer::StepFactors update = optimizer_.factors(updates_before + k + 1, learning_rate_at(batch));
            const float loss = step_by_samples(t, batch, k, update);
            if (t == 0) count_loss(done, last_step, k, loss, deadline);
        }
    });
    optimizer_.count_steps(done.count);
    return done;
}

// By hidden units (hidden_split.h): each step's lanes are tasks the threads take as they come, so a thread that
// has its core while another has lost its own goes on alone. The step's loss is counted on whichever thread
// computes it. Each step's batch is gathered once, by whichever thread takes it, which then reads ahead the next
// batch's images.
Trainer::Steps Trainer::train_by_hidden_units(int steps, Clock::time_point deadline) {
    HiddenUnitSplit& split = *hidden_split_;
    const long long updates_before = optimizer_.steps_taken();
    std::atomic<int> last_step{steps - 1};  // lowered by count_loss
    Steps done;
    for (int t = 0; t < pool_->size(); ++t) split.load(t);
    split.begin_run(steps);
    // The callbacks are made once per run, so that a step allocates nothing.
    const HiddenUnitSplit::RunSteps run{
        [&](int k) { return batch_samples(batch_ + k); },
        [&](int k) { return optimizer_.factors(updates_before + k + 1, learning_rate_at(batch_ + k)); },
        [&](int k) {
            const int batch = batch_ + k;
            gather_batch(data_, batch_indices(batch), batch_samples(batch), split.input(k), split.labels(k), nullptr,
                         rng_);
            prefetch(batch + 1, 0, data_.pixels());
        },
        [&](int k, float loss) { count_loss(done, last_step, k, loss, deadline); }};
    pool_->run([&](int t) {
        for (int k = 0; k <= last_step.load(std::memory_order_acquire); ++k) split.take_step(t, *pool_, k, run);
    });
    for (int t = 0; t < pool_->size(); ++t) split.store(t);
    split.balance();  // the faster threads take more hidden units in the next runs
    optimizer_.count_steps(done.count);
    return done;
}

// Thread t's part of step k by samples: each thread takes a run of the batch's columns through forward, loss and
// backward on its own lane; then, once all are done, it computes one slice of the parameter gradient from the
// whole batch and updates those parameters: nothing is computed twice, and no thread waits on another's gradient
// sum. Returns the batch's loss on thread 0 (0 on the others).
// Between steps the threads do not meet when they need not: with a dense first layer (and no augmentation) each
// thread gathers, reads and updates only its own run of that layer's inputs and weights, so it can start the
// next step while the others finish this one; the step's first barrier (in forward) comes before anything
// another thread updates is read. Otherwise they meet at the start of every step.
float Trainer::step_by_samples(int t, int batch, int k, const Optimizer::StepFactors& update) {
    const int B = batch_samples(batch);
    if (k > 0 && !gathers_own_rows()) pool_->barrier();  // the last step's updates are all done
    gather_share(t, batch);
    share_loss_[t] = lanes_[t]->compute_share(*pool_, lanes_, t, labels_.data(), B);
    pool_->barrier();  // every thread's backward is done
    float loss = 0;
    if (t == 0)
        for (float share : share_loss_) loss += share;
    net_.gradient_part(lanes_, B, t, pool_->size(), [&](Index begin, Index end) {
        optimizer_.update(net_.parameters(), net_.gradients(), begin, end, update);
    });
    return loss;
}

// Puts into the input what thread t's part of the step reads. Augmentation draws from one random sequence,
// sample after sample, so thread 0 gathers the whole batch alone while the others wait. Otherwise each thread
// gathers for itself: with a dense first layer, its run of every sample's pixels (the inputs it multiplies, as
// Dense::forward_part splits them); else its run of the batch's columns (samples).
// With its own rows, a thread also prefetches the next batch's (prefetch_rows), as train_alone does whole images.
void Trainer::gather_share(int t, int batch) {
    const int T = pool_->size(), inputs = net_.input_size(), B = batch_samples(batch);
    const uint32_t* indices = batch_indices(batch);
    if (augmentation()) {
        if (t == 0) gather_batch(data_, indices, B, net_.input(B).data(), labels_.data(), augmentation(), rng_);
        pool_->barrier();  // the whole batch is in place
        return;
    }
    long first, end;
    split_range(B, T, t, first, end);
    if (gathers_own_rows()) {
        long row, row_end;
        split_range(inputs, T, t, row, row_end);
        gather_rows(data_, indices, B, int(row), int(row_end), net_.input(B).data());
        for (long b = first; b < end; ++b) labels_[b] = data_.labels[indices[b]];  // for this thread's loss
        prefetch(batch + 1, int(row), int(row_end));
    } else {
        gather_batch(data_, indices + first, int(end - first), net_.input(B).data() + first * inputs,
                     labels_.data() + first, nullptr, rng_);
    }
}

// Pixels [first, end) of batch `batch`'s images into cache (prefetch_rows), if the epoch has that batch: the next
// epoch's order is not drawn yet.
void Trainer::prefetch(int batch, int first, int end) const {
    if (batch < batches_per_epoch()) prefetch_rows(data_, batch_indices(batch), batch_samples(batch), first, end);
}

}  // namespace scratchnet
