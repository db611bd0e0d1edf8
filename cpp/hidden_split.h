// Training the one-hidden-layer MLP (Dense → ReLU → Dense, the 784-128-10 of the story) on several threads by
// splitting its hidden units into lanes, one per thread: lane L is a run of units, that is their rows of the first
// layer's W1 and b1 and their columns of the second layer's W2 (the last lane also has b2). One step, on the whole
// batch, is a few tasks:
//   the batch:          step k's images and labels gathered once, and its pixels that are not zero in some
//                       image, packed once for every lane's first product (PackedRows);
//   forward of lane L:  h = ReLU(W1[run, :] x + b1[run]) for its hidden units, and their part of the logits,
//                       W2[:, run] h;
//   the head:           once every part is in, the logits (the parts added up in lane order), softmax and
//                       cross-entropy of the batch, and dLoss/dlogits (10 × B numbers);
//   backward of lane L: the chain rule down its hidden units only: dW2[:, run], dh, dW1[run, :], db1[run]; then
//                       the update of its parameters, with its own optimizer state.
// Thread t takes its own lane's tasks first, then whatever no thread has taken (take_step). A task waits only
// for what it reads: lane L's forward for its last backward, the head for every forward, a backward for the
// head, all of them for the batch. A thread whose forwards are done while another's still runs gathers the next
// step's batch meanwhile, so the step after has its batch ready. Whichever thread takes a task, it computes the
// same numbers, so who takes what never changes the result. (Trainer splits other networks by samples,
// Network::compute_share: two meetings a step.)
//
// A thread can lose its core in the middle of a task, for milliseconds (to another process, or to the host of a
// virtual machine), and then every other thread would wait for that one task. So a forward or backward that a
// thread has been inside for much longer than such a task takes is redone by a thread that waits for it: both
// compute the same numbers, the first to finish publishes them, the other's are dropped. That is why
//   - a forward's outputs (hidden units, part of the logits) and a backward's gradients go to buffers of the
//     thread computing them, and a task reads the forward's outputs of the thread that finished it first;
//   - only the first to finish a backward updates the lane's parameters, and the update does not change the
//     parameters its step read: step k reads params[k % kCopies], its update writes params[(k + 1) % kCopies];
//   - the batch, the head and each thread's forward outputs come in kCopies buffers too, step k's in k % kCopies;
//   - a task that writes step g's buffers first waits until no thread is inside a task of step g - kCopies or
//     earlier (busy_step): the one whose buffers these are.
// So a thread that has lost its core holds up the others only once they have gone kCopies - 1 steps past it, or
// while it is inside the short tasks that are never redone (the batch, the head, the update).
//
// Each lane keeps its parameters, their optimizer state in buffers of its own. In the network's buffer a lane's
// rows of W1 are short runs, one in each of W1's columns, between the other lanes' runs: threads updating them
// there get in each other's way in the caches (two threads updating alternate 256-byte runs took 10× as long as
// each updating one half). So the lanes' parameters are copied in before a run of steps (load) and back after it
// (store).
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
#include "nonzero_rows.h"
#include "optimizer.h"
#include "thread_pool.h"

namespace scratchnet {

class Dense;

class HiddenUnitSplit {
public:
    // How many steps' buffers there are (see above): a thread may be this many steps minus one ahead of another.
    static constexpr int kCopies = 3;

    // Whether `net` is Dense → ReLU → Dense with enough hidden units for `threads`, trained in batches of at
    // most kMostBatch. A larger batch's steps are long enough that the split by samples loses little at its two
    // meetings, and this split's buffers (kCopies of the batch, and of every thread's outputs of every lane)
    // would grow past the tab's memory: some 1.3 GB for the story's full batch of 60,000 on 2 threads.
    static constexpr int kMostBatch = 4096;
    static bool fits(const Network& net, int threads, int batch);

    // `net` must fit; its parameters are the ones trained, in batches of up to `batch` samples. Allocates every
    // buffer once. The hidden units start split evenly.
    HiddenUnitSplit(Network& net, int threads, int batch, const OptimizerConfig& optimizer);

    // Step k's batch (inputs × B, one sample per column) and its labels: one of kCopies buffers, by k.
    float* input(int k) { return inputs_[k % kCopies].data(); }
    uint8_t* labels(int k) { return labels_[k % kCopies].data(); }

    // Around a run of steps, on one thread: lane L's parameters from the network, and back.
    void load(int t);
    void store(int t);

    // A run of steps, as tasks any thread may take (see above): begin_run() on one thread, after load() and
    // before the pool runs, with the most steps the run may take; then every thread calls take_step for steps
    // 0, 1, … of the run, in order, until the run stops. Thread t takes what is left of step k's tasks, its own
    // lane's first, waiting only for what a task needs, and redoes a task another thread is held up in.
    // `gather(j)` fills input(j) and labels(j) with step j's batch: called once per step, on whichever thread
    // takes it, possibly during step j - 1 (and for a step the run then stops before). `on_loss` gets the batch's
    // mean loss, on whichever thread computes it, step after step in order.
    struct RunSteps {  // what the run's steps are, by their number j in the run
        std::function<int(int j)> batch_size;
        std::function<Optimizer::StepFactors(int j)> update;
        std::function<void(int j)> gather;
        std::function<void(int j, float loss)> on_loss;
    };
    void begin_run(int most_steps);
    void take_step(int t, ThreadPool& pool, int k, const RunSteps& run);
    // For tests: called on thread t as it starts a forward or backward of lane L, step k, that it has claimed (not
    // one it redoes); a test holds a thread there as if it had lost its core.
    std::function<void(int t, int L, int k)> on_claimed_task;
    // Forwards and backwards redone since the split was made, and how many of them the redoing thread finished
    // first.
    long redone() const { return redone_.load(); }
    long redone_first() const { return redone_first_.load(); }

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
    struct ForwardOutputs {  // what one thread's forward of a lane wrote, for one step in kCopies
        std::vector<float> hidden;       // (run × B): the lane's hidden units' ReLU outputs
        std::vector<float> logits_part;  // (classes × B): their part of the logits
    };
    struct Lane {  // lane t's buffers, for as many hidden units as a lane may have, and thread t's
        long first = 0, end = 0;  // its hidden units
        // W1[run, :] (run × inputs), b1[run], W2[:, run] (classes × run), b2: step k's in params[k % kCopies]
        std::array<AlignedFloats, kCopies> params;
        std::unique_ptr<Optimizer> optimizer;  // its parameters' state, laid out as they are
        std::vector<ForwardOutputs> outputs;   // by thread, then by step: [thread * kCopies + k % kCopies]
        StepTimes step_times;  // its own thread's forward and backward of it, for balance()
    };
    // A lane's tasks in this run, by step: the last step whose forward (backward) a thread has claimed, the last
    // a thread has finished first and the last it has then published (done), -1 before the first; which thread's
    // outputs a forward left; and, for telling a task a thread is held up in (see kOverdue), how long the last
    // one took and when the last claim was made.
    struct alignas(64) LaneTasks {
        std::atomic<int> forward_claimed{-1}, forward_finished{-1}, forward_done{-1};
        std::atomic<int> backward_claimed{-1}, backward_finished{-1}, backward_done{-1};
        std::array<std::atomic<int>, kCopies> forward_by{};  // step k's in k % kCopies
        std::atomic<long long> forward_ns{0}, backward_ns{0};
        std::atomic<long long> forward_claimed_at{0}, backward_claimed_at{0};  // Clock's time since its epoch, ns
    };
    // Thread t's: the step of the task it is inside (kNoTask between tasks), its backward's gradients and
    // dLoss/dhidden, and when its forward of its own lane last ran (for StepTimes).
    static constexpr int kNoTask = 1 << 30;
    struct alignas(64) Worker {
        std::atomic<int> busy_step{kNoTask};
        AlignedFloats grads;       // laid out as Lane::params
        std::vector<float> dhidden;  // (run × B)
        int own_forward_step = -1;
        Clock::duration own_forward_time{};
    };
    enum class Pass { Forward, Backward };
    // When a thread waiting for a task another thread is inside redoes it: once that thread has been inside it
    // for kOverdue times as long as the task took last time, and for at least kLeastOverdue. (1 rather than 2: a
    // choice from a few noisy runs under node, not a measured optimum.)
    static constexpr int kOverdue = 1;
    static constexpr std::chrono::microseconds kLeastOverdue{200};
    void gather_step(int t, int j, const RunSteps& run, ThreadPool& pool);
    bool forwards_done(int k) const;  // every lane's forward of step k is done
    void run_task(Pass pass, int L, int t, int k, const RunSteps& run, ThreadPool& pool, bool redo);
    void forward(int L, int t, int B, int k);
    const ForwardOutputs& forward_outputs(int L, int k) const;
    float head(int B, int k);
    void gradients(int L, int t, int B, int k);
    void update(int L, int t, int k, const Optimizer::StepFactors& update);
    // Marks thread t inside a task of step k, once no thread is inside one whose buffers step `writes` uses.
    void enter(int t, int k, int writes, ThreadPool& pool);
    // Thread t is between tasks again; a thread asleep in enter() may be waiting for just that.
    void leave(int t, ThreadPool& pool) {
        workers_[t].busy_step.store(kNoTask);
        pool.notify_waiters();
    }
    // Waits until `ready()`; meanwhile, if lane L's `pass` of step `step` (what ready() waits for) has been
    // claimed and is held up, redoes it.
    template <class Ready>
    void wait_redoing(const Ready& ready, Pass pass, int L, int step, int t, const RunSteps& run, ThreadPool& pool);
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
    std::unique_ptr<Worker[]> workers_;
    alignas(64) std::atomic<int> head_claimed_{-1};
    std::atomic<int> head_done_{-1};
    std::array<std::vector<float>, kCopies> head_;  // (classes × B) a step's logits, probabilities, then dLoss/dlogits
    std::array<std::vector<float>, kCopies> inputs_;     // (inputs × B) a step's batch
    std::array<std::vector<uint8_t>, kCopies> labels_;   // (B)
    std::array<PackedRows, kCopies> packed_inputs_;      // the batch's pixels nonzero in some image, packed
    alignas(64) std::atomic<int> gather_claimed_{-1};  // the last step whose batch a thread has taken to gather
    std::atomic<int> gather_done_{-1};
    std::atomic<long> redone_{0}, redone_first_{0};
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
