// Training the one-hidden-layer MLP (Dense → ReLU → Dense, the 784-128-10 of the story) on several threads by
// splitting its hidden units: thread t owns a run of them, that is their rows of the first layer's W1 and b1 and
// their columns of the second layer's W2 (the last thread also owns b2). In one step each thread, on the whole
// batch:
//   forward:  h = ReLU(W1[run, :] x + b1[run]) for its hidden units, and their part of the logits, W2[:, run] h;
//   meets the others once, to add up the parts: the logits;
//   loss:     softmax and cross-entropy of the batch (every thread alike: 10 × B numbers);
//   backward: the chain rule down its own hidden units: dW2[:, run], dh, dW1[run, :], db1[run];
//   update:   its own parameters, with its own optimizer state.
// No thread reads a parameter another writes, so that meeting is the step's only one and no thread waits for
// another's update. (Trainer splits other networks by samples, Network::compute_share: two meetings a step.)
//
// Each thread keeps its parameters, their gradient and optimizer state in buffers of its own, one after the
// other. In the network's buffer a thread's rows of W1 are short runs, one in each of W1's columns, between the
// other threads' runs: threads updating them there get in each other's way in the caches (two threads updating
// alternate 256-byte runs took 10× as long as each updating one half). So a thread copies its parameters in at
// the start of a run of steps (load) and back at its end (store).
//
// The threads meet every step, so a step takes as long as the slowest thread's part. Cores are not always equally
// fast (an efficiency core beside a performance core; a virtual core whose host is busier), so between runs
// balance() moves hidden units from the slower threads to the faster ones, in proportion to each thread's speed
// in a typical step (StepTimes). The optimizer state moves with its units. The sums over hidden units then group
// differently, so the weights still follow one thread's to the last bits, but which bits depends on the split:
// on threads, two runs with the same seed can differ there. (One thread, or the split by samples, repeats
// exactly.)
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
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

    // Thread t writes its copy of the batch here (inputs × B, one sample per column) and its labels.
    float* input(int t) { return lanes_[t].input.data(); }
    uint8_t* labels(int t) { return lanes_[t].labels.data(); }

    // On thread t, around a run of steps: its parameters from the network, and back.
    void load(int t);
    void store(int t);

    // Thread t's part of one step on the B samples in input(t); every thread of `pool` calls it at once, with
    // `step` counting the steps of this run of the pool (0, 1, …). Leaves the gradient of thread t's parameters
    // in its lane and returns the batch's mean loss (every thread the same).
    float compute(int t, ThreadPool& pool, int B, int step);
    // Then thread t updates its parameters.
    void update(int t, const Optimizer::StepFactors& factors);

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
    // The last few durations of a thread's work between two meetings; their median is its speed. A thread that
    // loses its core for milliseconds at a time holds up every thread for as long, whatever its share, so only
    // a core that is slower step after step should get fewer units: the median sees that, and not the outliers.
    struct StepTimes {
        std::array<float, 64> seconds{};
        int count = 0;  // recorded since the last balance (the last 64 are kept)
        void add(Clock::duration d) { seconds[count++ % seconds.size()] = std::chrono::duration<float>(d).count(); }
        float median();
    };
    struct Lane {                        // one thread's own buffers, for as many hidden units as a thread may own
        long first = 0, end = 0;         // its hidden units
        AlignedFloats params, grads;     // W1[run, :] (run × inputs), b1[run], W2[:, run] (classes × run), b2
        std::unique_ptr<Optimizer> optimizer;  // its parameters' state, laid out as they are
        std::vector<float> input;        // (inputs × B)
        std::vector<uint8_t> labels;     // (B)
        std::vector<float> hidden, dhidden;  // (run × B): its hidden units' ReLU outputs, then dLoss/dthem
        std::vector<float> logits_part[2];   // (classes × B): its part of the logits, the step's parity picks one
        std::vector<float> head;             // (classes × B): the batch's logits, probabilities, then dLoss/dlogits
        // Its speed, for balance(): when it left the last meeting, and how long its work took from there to the
        // next, for the last steps.
        Clock::time_point left;
        StepTimes step_times;
    };
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
