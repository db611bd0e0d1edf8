// The training loop, one mini-batch at a time: shuffle, gather, forward, backward, update.
// step() is the unit of work, so the CLI can loop over it; train_steps() runs many in one go (the browser
// worker's time slices), which lets threads go from one step to the next without stopping.
#pragma once
#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>
#include "dataset.h"
#include "hidden_split.h"
#include "network.h"
#include "thread_pool.h"
#include "rng.h"
#include "train_config.h"

namespace scratchnet {

class Trainer {
public:
    // Seeds the RNG from config.seed and, if `initialize`, draws fresh weights (same seed → same weights).
    // `net` must have max_batch() >= the effective batch size; `data` must outlive the trainer.
    Trainer(Network& net, const Dataset& data, const TrainConfig& config, bool initialize = true);

    ~Trainer();
    float step();  // trains one mini-batch and returns its mean loss (NaN or inf if training diverged)

    // Trains mini-batches until `max_steps` are done, the epoch ends, a loss is not finite (training diverged) or
    // `deadline` has passed, whichever comes first. On several threads the last two are seen one step late:
    // the threads are already on the next step, so it is finished too.
    using Clock = std::chrono::steady_clock;
    struct Steps {
        int count = 0;          // mini-batches trained
        double loss_sum = 0;    // the sum of their mean losses
        float last_loss = 0;    // the last one's
        bool diverged = false;  // a loss was NaN or infinite
        void add(float loss) { ++count, loss_sum += loss, last_loss = loss, diverged |= !std::isfinite(loss); }
    };
    Steps train_steps(int max_steps, Clock::time_point deadline);

    bool finished() const { return epoch_ >= config_.epochs; }

    int epoch() const { return epoch_; }  // completed epochs
    int batch_in_epoch() const { return batch_; }
    int batches_per_epoch() const { return (samples_ + batch_size_ - 1) / batch_size_; }
    int samples() const { return samples_; }  // training samples used: the first config.train_samples (0 = all)
    int batch_size() const { return batch_size_; }
    long long samples_seen() const { return samples_seen_; }
    float learning_rate() const { return learning_rate_at(batch_); }  // for the step about to be taken
    const TrainConfig& config() const { return config_; }
    // With the hidden units split across threads (see HiddenUnitSplit), how many each thread owns now; else empty.
    std::vector<int> hidden_units_per_thread() const {
        return hidden_split_ ? hidden_split_->units_per_thread() : std::vector<int>{};
    }
    // Sets that split before the next run of steps, as the trainer itself does by the threads' speeds (tests).
    void set_hidden_units_per_thread(const std::vector<int>& units);
    // On threads, the share of their time they have spent waiting for each other (ThreadPool::waiting_share);
    // 0 on one thread.
    double thread_waiting_share() const { return pool_ ? pool_->waiting_share() : 0.0; }
    // The training threads (null on one thread), idle between calls to train_steps: measuring the test set there
    // can use them too (evaluate).
    ThreadPool* pool() { return pool_.get(); }
    // With the hidden units split: how many tasks a thread redid because another was held up inside them, and
    // how many of those it finished first (HiddenUnitSplit::redone).
    long tasks_redone() const { return hidden_split_ ? hidden_split_->redone() : 0; }
    long tasks_redone_first() const { return hidden_split_ ? hidden_split_->redone_first() : 0; }

private:
    // Whether the threads split the network's hidden units (HiddenUnitSplit: the one-hidden-layer MLP, more than
    // one thread, no augmentation, batches of `batch` up to HiddenUnitSplit::kMostBatch), each thread with its own
    // optimizer state; else, with threads, the batch.
    static bool splits_hidden_units(const Network& net, const TrainConfig& config, int batch);
    void start_epoch();  // a fresh order for the epoch (whoever calls it has set batch_ to 0)
    float learning_rate_at(int batch) const;  // for batch `batch` of this epoch
    int batch_samples(int batch) const { return std::min(batch_size_, samples_ - batch * batch_size_); }
    const uint32_t* batch_indices(int batch) const { return order_.data() + batch * batch_size_; }
    Steps train_alone(int steps, Clock::time_point deadline);
    Steps train_in_parallel(int steps, Clock::time_point deadline);  // on the thread pool, all steps in one run
    Steps train_by_hidden_units(int steps, Clock::time_point deadline);
    float step_by_samples(int t, int batch, int k, const Optimizer::StepFactors& update);
    void gather_share(int thread, int batch);
    void prefetch(int batch, int first, int end) const;
    // Whether each thread gathers only its own run of the input's rows (a dense first layer, no augmentation):
    // then a thread reads and updates only its own part of the first layer, and need not wait between steps.
    bool gathers_own_rows() const { return !config_.augment && net_.layers().front()->splits_by_inputs(); }
    const AugmentConfig* augmentation() const { return config_.augment ? &config_.augmentation : nullptr; }

    Network& net_;
    const Dataset& data_;
    TrainConfig config_;
    int samples_;
    int batch_size_;
    Optimizer optimizer_;
    Rng rng_;
    std::vector<uint32_t> order_;   // this epoch's shuffled sample indices
    std::vector<uint8_t> labels_;  // the current batch's labels
    // Split by samples on config.threads > 1: thread t works on lanes_[t]: net_ itself for thread 0,
    // replicas_[t - 1] for the others (their own layer objects, net_'s parameters and batch buffers).
    std::unique_ptr<ThreadPool> pool_;
    std::vector<std::unique_ptr<Network>> replicas_;
    std::vector<Network*> lanes_;
    std::vector<float> share_loss_;
    std::unique_ptr<HiddenUnitSplit> hidden_split_;  // if splits_hidden_units: no lanes
    int epoch_ = 0, batch_ = 0;
    long long samples_seen_ = 0;
};

// How many samples of a set of `available` a config trains on, and the batch size it really uses.
int training_samples(const TrainConfig& config, int available);
int effective_batch_size(const TrainConfig& config, int available);

}  // namespace scratchnet
