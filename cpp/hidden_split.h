// Training the one-hidden-layer MLP (Dense → ReLU → Dense, the 784-128-10 of the story) on several threads by
// splitting its hidden units into lanes, one per thread: lane L is a run of units, that is their rows of the first
// layer's W1 and b1 and their columns of the second layer's W2 (the last lane also has b2). One step, on the whole
// batch, is a few tasks:
//   the batch:          step k's images and labels gathered once, into one of two buffers (by the step's parity);
//   forward of lane L:  h = ReLU(W1[run, :] x + b1[run]) for its hidden units, and their part of the logits,
//                       W2[:, run] h;
//   the head:           once every part is in, the logits (the parts added up in lane order), softmax and
//                       cross-entropy of the batch, and dLoss/dlogits (10 × B numbers);
//   backward of lane L: the chain rule down its hidden units only: dW2[:, run], dh, dW1[run, :], db1[run]; then
//                       the update of its parameters, with its own optimizer state.
// Thread t takes its own lane's tasks first, then whatever no thread has taken (take_step). A task waits only
// for what it reads: lane L's forward for its last backward, the head for every forward, a backward for the
// head, all of them for the batch. A thread whose forwards are done while another's still runs gathers the next
// step's batch meanwhile (once no backward reads that buffer), so the step after has its batch ready. So a
// thread that has lost its core holds up the others only while it is inside a task; between tasks, the threads
// that run take its lane too, and a thread alone trains whole steps. Whichever thread takes a task,
// it computes the same numbers, so who takes what never changes the result. The order above also means that
// lane L's forward of step k+2 starts only after every backward of step k: two of each step-sized buffer (logits
// parts, dLoss/dlogits), picked by the step's parity, are enough. (Trainer splits other networks by samples,
// Network::compute_share: two meetings a step.)
//
// Each lane keeps its parameters, their gradient and optimizer state in buffers of its own, one after the
// other. In the network's buffer a lane's rows of W1 are short runs, one in each of W1's columns, between the
// other lanes' runs: threads updating them there get in each other's way in the caches (two threads updating
// alternate 256-byte runs took 10× as long as each updating one half). So the lanes' parameters are copied in
// before a run of steps (load) and back after it (store).
//
// A step takes as long as the slowest thread's lane, when every thread has its core. Cores are not always
// equally fast (an efficiency core beside a performance core; a virtual core whose host is busier), so between
// runs balance() moves hidden units from the slower threads' lanes to the faster ones', in proportion to each
// thread's speed on its own lane in a typical step (StepTimes). The optimizer state moves with its units. The
// sums over hidden units then group differently, so the weights still follow one thread's to the last bits, but
// which bits depends on the split: on threads, two runs with the same seed can differ there. (One thread, or the
// split by samples, repeats exactly.)
#pragma once
#include <array>
#include <chrono>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>
#include "network.h"
#include "optimizer.h"
#include "thread_pool.h"

namespace scratchnet {

class Dense;

class HiddenUnitSplit {
public:
    // Whether `net` is Dense → ReLU → Dense with enough hidden units for `threads`.
    static bool fits(const Network& net, int threads);

    // `net` must fit; its parameters are the ones trained, in batches of up to `batch` samples. Allocates every
    // buffer once. The hidden units start split evenly.
    HiddenUnitSplit(Network& net, int threads, int batch, const OptimizerConfig& optimizer);

    // Step k's batch (inputs × B, one sample per column) and its labels: one of two buffers, by k's parity.
    float* input(int k) { return inputs_[k % 2].data(); }
    uint8_t* labels(int k) { return labels_[k % 2].data(); }

    // Around a run of steps, on one thread: lane L's parameters from the network, and back.
    void load(int t);
    void store(int t);

    // A run of steps, as tasks any thread may take (see above): begin_run() on one thread, after load() and
    // before the pool runs, with the most steps the run may take; then every thread calls take_step for steps
    // 0, 1, … of the run, in order, until the run stops. Thread t takes what is left of step k's tasks, its own
    // lane's first, waiting only for what a task needs. `gather(j)` fills input(j) and labels(j) with step j's
    // batch: called once per step, on whichever thread takes it, possibly during step j - 1 (and for a step the
    // run then stops before). `on_loss` gets the batch's mean loss, on whichever thread computes it, step after
    // step in order.
    void begin_run(int most_steps);
    void take_step(int t, ThreadPool& pool, int B, int k, const Optimizer::StepFactors& update,
                   const std::function<void(int)>& gather, const std::function<void(float)>& on_loss);

    // Between runs, on one thread: once the threads have taken enough steps to tell their speeds, gives each a
    // share of the hidden units in proportion to its speed (see above). Keeps the split if it is nearly right.
    void balance();
    // How many hidden units each thread owns, in thread order; and setting that between runs (each from
    // min_units() to max_units(), together all of them), which moves their optimizer state along.
    std::vector<int> units_per_thread() const;
    void set_units_per_thread(const std::vector<int>& units);
    int min_units() const;
    int max_units() const;

private:
    using Clock = std::chrono::steady_clock;
    // The last few durations of a thread's forward and backward of its own lane; their median is its speed. A
    // thread that loses its core for milliseconds at a time holds up every thread for as long, whatever its
    // share, so only a core that is slower step after step should get fewer units: the median sees that, and not
    // the outliers.
    struct StepTimes {
        std::array<float, 64> seconds{};
        int count = 0;  // recorded since the last balance (the last 64 are kept)
        void add(Clock::duration d) { seconds[count++ % seconds.size()] = std::chrono::duration<float>(d).count(); }
        float median();
    };
    struct Lane {  // lane t's buffers, for as many hidden units as a lane may have, and thread t's
        long first = 0, end = 0;         // its hidden units
        AlignedFloats params, grads;     // W1[run, :] (run × inputs), b1[run], W2[:, run] (classes × run), b2
        std::unique_ptr<Optimizer> optimizer;  // its parameters' state, laid out as they are
        std::vector<float> hidden, dhidden;  // (run × B): its hidden units' ReLU outputs, then dLoss/dthem
        std::vector<float> logits_part[2];   // (classes × B): its part of the logits, the step's parity picks one
        // Its speed, for balance(): how long its own thread took for its forward and backward in the last steps.
        Clock::duration forward_time{};
        int forward_by = -1;
        StepTimes step_times;
    };
    // A lane's tasks in this run: the last step whose forward (backward and update) a thread has claimed, and
    // the last it has finished; -1 before the first.
    struct alignas(64) LaneTasks {
        std::atomic<int> forward_claimed{-1}, forward_done{-1}, backward_claimed{-1}, backward_done{-1};
    };
    void gather_step(int j, const std::function<void(int)>& gather, ThreadPool& pool);
    bool backwards_done(int k) const;  // every lane's backward of step k (and before) is done
    bool forwards_done(int k) const;
    void forward(int lane, int t, int B, int k);
    float head(int B, int k);
    void backward(int lane, int t, int B, int k, const Optimizer::StepFactors& update);
    // Views of a lane's parameters (or gradients, or optimizer state), laid out as Lane::params says.
    struct Views {
        MatMap W1;
        VecMap b1;
        MatMap W2;
        VecMap b2;  // empty but on the last thread
    };
    Views views(int t, float* buffer) const;
    Index parameter_count(Index run, bool with_b2) const;  // in a lane of `run` units laid out so
    // Copies thread t's part of a buffer laid out as the network's parameters (the parameters themselves, or their
    // optimizer state) into a buffer laid out as its lane's, or back.
    enum class Copy { ToLane, ToNetwork };
    void copy(int t, float* network_layout, float* lane_layout, Copy direction) const;
    int units() const;
    bool owns_b2(int t) const { return t == int(lanes_.size()) - 1; }

    Network& net_;
    Dense& first_;
    Dense& second_;
    std::vector<Lane> lanes_;
    std::unique_ptr<LaneTasks[]> tasks_;
    alignas(64) std::atomic<int> head_claimed_{-1};
    std::atomic<int> head_done_{-1};
    std::vector<float> head_[2];  // (classes × B) a step's logits, probabilities, then dLoss/dlogits; by parity
    std::vector<float> inputs_[2];     // (inputs × B) a step's batch, by parity
    std::vector<uint8_t> labels_[2];   // (B)
    alignas(64) std::atomic<int> gather_claimed_{-1};  // the last step whose batch a thread has taken to gather
    std::atomic<int> gather_done_{-1};
    int most_steps_ = 0;  // in this run
    std::vector<double> speed_shares_;  // each thread's share of the speed, smoothed over the balances so far
    AlignedFloats moving_;             // one optimizer state buffer in the network's layout, while units move
};

// The split balance() moves to, from the split now (`current`: hidden units per thread, in thread order) and each
// thread's speed now (`speeds`: units per second). `shares`, each thread's share of the speed smoothed over the
// balances so far, takes the mean of itself and the new shares; the boundaries between threads go where it puts
// them, each thread owning from `least` to `most` units.
std::vector<int> units_by_speed(const std::vector<int>& current, std::vector<double>& shares,
                                const std::vector<double>& speeds, int least, int most);

}  // namespace scratchnet
