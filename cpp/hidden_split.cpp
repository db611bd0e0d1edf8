// One training step of Dense → ReLU → Dense with its hidden units split across threads (see hidden_split.h).
#include "hidden_split.h"
#include "dense.h"
#include "nonzero_rows.h"
#include "softmax_cross_entropy.h"
#include "split_range.h"

namespace scratchnet {

namespace {
bool is(const Layer& layer, LayerKind kind) { return layer.spec().kind == kind; }
}  // namespace

bool HiddenUnitSplit::fits(const Network& net, int threads, int batch) {
    const auto& layers = net.layers();
    return layers.size() == 3 && is(*layers[0], LayerKind::Dense) && is(*layers[1], LayerKind::ReLU) &&
           is(*layers[2], LayerKind::Dense) && layers[0]->output_shape().size() >= threads && batch <= kMostBatch;
}

HiddenUnitSplit::HiddenUnitSplit(Network& net, int threads, int batch, const OptimizerConfig& optimizer)
    : net_(net),
      first_(static_cast<Dense&>(*net.layers()[0])),
      second_(static_cast<Dense&>(*net.layers()[2])),
      lanes_(threads),
      speed_shares_(threads, 1.0 / threads) {
    const int B = batch, classes = net.classes(), inputs = net.input_size();
    const size_t most = size_t(max_units());
    const size_t owned = size_t(parameter_count(most, true));
    for (int t = 0; t < threads; ++t) {
        Lane& lane = lanes_[t];
        split_range(units(), threads, t, lane.first, lane.end);
        for (auto& params : lane.params) params.assign(owned, 0.0f);
        lane.optimizer = std::make_unique<Optimizer>(optimizer, Index(owned));
        lane.outputs.resize(size_t(threads) * kCopies);
        for (ForwardOutputs& out : lane.outputs) {
            out.hidden.assign(most * B, 0.0f);
            out.logits_part.assign(size_t(classes) * B, 0.0f);
        }
    }
    tasks_ = std::make_unique<LaneTasks[]>(size_t(threads));
    workers_ = std::make_unique<Worker[]>(size_t(threads));
    for (int t = 0; t < threads; ++t) {
        workers_[t].grads.assign(owned, 0.0f);
        workers_[t].dhidden.assign(most * B, 0.0f);
    }
    for (auto& head : head_) head.assign(size_t(classes) * B, 0.0f);
    for (auto& input : inputs_) input.assign(size_t(inputs) * B, 0.0f);
    for (auto& labels : labels_) labels.assign(B, 0);
    if (!lanes_[0].optimizer->state().empty()) moving_.assign(net.parameter_count(), 0.0f);
}

int HiddenUnitSplit::units() const { return first_.output_shape().size(); }

Index HiddenUnitSplit::parameter_count(Index run, bool with_b2) const {
    return run * net_.input_size() + run + net_.classes() * run + (with_b2 ? net_.classes() : 0);
}

HiddenUnitSplit::Views HiddenUnitSplit::views(int t, float* buffer) const {
    const Lane& lane = lanes_[t];
    const Index run = lane.end - lane.first, inputs = net_.input_size(), classes = net_.classes();
    float* b1 = buffer + run * inputs;
    float* W2 = b1 + run;
    float* b2 = W2 + classes * run;
    return {MatMap(buffer, run, inputs), VecMap(b1, run), MatMap(W2, classes, run),
            VecMap(b2, owns_b2(t) ? classes : 0)};
}

void HiddenUnitSplit::copy(int t, float* network_layout, float* lane_layout, Copy direction) const {
    const Lane& lane = lanes_[t];
    const Index first = lane.first, run = lane.end - lane.first;
    const Index units = this->units(), inputs = net_.input_size(), classes = net_.classes();
    const float* parameters = net_.parameters();  // where each layer's parameters sit in the network's buffer
    MatMap W1(network_layout + (first_.W().data() - parameters), units, inputs);
    VecMap b1(network_layout + (first_.b().data() - parameters), units);
    MatMap W2(network_layout + (second_.W().data() - parameters), classes, units);
    VecMap b2(network_layout + (second_.b().data() - parameters), classes);
    Views own = views(t, lane_layout);
    auto move = [direction](auto&& in_lane, auto&& in_network) {
        if (direction == Copy::ToLane) in_lane = in_network;
        else in_network = in_lane;
    };
    move(own.W1, W1.middleRows(first, run));
    move(own.b1, b1.segment(first, run));
    move(own.W2, W2.middleCols(first, run));
    if (owns_b2(t)) move(own.b2, b2);
}

void HiddenUnitSplit::load(int t) { copy(t, net_.parameters(), lanes_[t].params[0].data(), Copy::ToLane); }

// The parameters the lane's last update wrote: those of the step after the run's last.
void HiddenUnitSplit::store(int t) {
    const int next = tasks_[t].backward_done.load() + 1;
    copy(t, net_.parameters(), lanes_[t].params[size_t(next % kCopies)].data(), Copy::ToNetwork);
}

void HiddenUnitSplit::begin_run(int most_steps) {
    for (size_t L = 0; L < lanes_.size(); ++L) {
        LaneTasks& task = tasks_[L];
        task.forward_claimed = task.forward_finished = task.forward_done = -1;
        task.backward_claimed = task.backward_finished = task.backward_done = -1;
        workers_[L].busy_step = kNoTask;
        workers_[L].own_forward_step = -1;
    }
    head_claimed_ = head_done_ = -1;
    gather_claimed_ = gather_done_ = -1;
    most_steps_ = most_steps;
}

bool HiddenUnitSplit::forwards_done(int k) const {
    for (size_t L = 0; L < lanes_.size(); ++L)
        if (tasks_[L].forward_done.load() < k) return false;
    return true;
}

void HiddenUnitSplit::enter(int t, int k, int writes, ThreadPool& pool) {
    workers_[t].busy_step.store(k);
    const int oldest_allowed = writes - kCopies + 1;  // a task of this step or later reads none of those buffers
    pool.wait_until([&] {
        for (size_t u = 0; u < lanes_.size(); ++u)
            if (int(u) != t && workers_[u].busy_step.load() < oldest_allowed) return false;
        return true;
    });
}

// Step j's batch, and its rows that are not zero, by the thread that has claimed it.
void HiddenUnitSplit::gather_step(int t, int j, const RunSteps& run, ThreadPool& pool) {
    enter(t, j, j, pool);
    run.gather(j);
    const ConstMatMap x(input(j), net_.input_size(), run.batch_size(j));
    packed_inputs_[size_t(j % kCopies)].pack(x, nonzero_rows(x));
    leave(t, pool);
    gather_done_.store(j);
    pool.notify_waiters();
}

void HiddenUnitSplit::take_step(int t, ThreadPool& pool, int k, const RunSteps& run) {
    const int T = int(lanes_.size());
    // Claims a task of step `step` for this thread: true if no thread had.
    auto claim = [](std::atomic<int>& claimed, int step) {
        int before = step - 1;
        return claimed.compare_exchange_strong(before, step);
    };
    // Claims lane L's forward or backward of step k. Thread t counts as inside it from before the claim: a thread
    // that redoes it goes on to later steps only once it has seen the claim, and a thread that loses its core
    // between the claim and the task must still hold up whoever would write what the task reads (enter()).
    // Its time is written before the claim, for a thread that waits for it (wait_redoing).
    auto claim_task = [&](std::atomic<int>& claimed, std::atomic<long long>& claimed_at) {
        workers_[t].busy_step.store(k);
        claimed_at.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
        if (claim(claimed, k)) return true;
        leave(t, pool);
        return false;
    };
    // The batch, unless a thread has gathered it (or is gathering it) during the last step.
    if (claim(gather_claimed_, k)) gather_step(t, k, run, pool);
    pool.wait_until([&] { return gather_done_.load() >= k; });
    // Forward of each lane, once its last backward (and update) is done; that backward is redone if held up.
    for (int i = 0; i < T; ++i) {
        const int L = (t + i) % T;
        LaneTasks& task = tasks_[L];
        wait_redoing([&] { return task.backward_done.load() >= k - 1 || task.forward_claimed.load() >= k; },
                     Pass::Backward, L, k - 1, t, run, pool);
        if (claim_task(task.forward_claimed, task.forward_claimed_at))
            run_task(Pass::Forward, L, t, k, run, pool, false);
    }
    // While another lane's forward still runs, this thread has nothing to do until the head: it gathers the next
    // step's batch.
    if (k + 1 < most_steps_ && !forwards_done(k) && claim(gather_claimed_, k + 1))
        gather_step(t, k + 1, run, pool);
    // The head, once every lane's part of the logits is in; a forward held up is redone meanwhile.
    for (int L = 0; L < T; ++L)
        wait_redoing([&] { return head_claimed_.load() >= k || tasks_[L].forward_done.load() >= k; },
                     Pass::Forward, L, k, t, run, pool);
    if (claim(head_claimed_, k)) {
        enter(t, k, k, pool);
        const float loss = head(run.batch_size(k), k);
        leave(t, pool);
        run.on_loss(k, loss);
        head_done_.store(k);
        pool.notify_waiters();
    }
    pool.wait_until([&] { return head_done_.load() >= k; });
    // Backward and update of each lane.
    for (int i = 0; i < T; ++i) {
        const int L = (t + i) % T;
        LaneTasks& task = tasks_[L];
        if (claim_task(task.backward_claimed, task.backward_claimed_at))
            run_task(Pass::Backward, L, t, k, run, pool, false);
    }
}

template <class Ready>
void HiddenUnitSplit::wait_redoing(const Ready& ready, Pass pass, int L, int step, int t, const RunSteps& run,
                                   ThreadPool& pool) {
    if (ready()) return;
    LaneTasks& task = tasks_[L];
    const bool forward = pass == Pass::Forward;
    const std::atomic<int>& claimed = forward ? task.forward_claimed : task.backward_claimed;
    const std::atomic<int>& finished = forward ? task.forward_finished : task.backward_finished;
    pool.wait_until([&] { return ready() || claimed.load() >= step; });
    // A thread is inside the task. As long as a thread that has its core takes to finish one, it is just late;
    // longer, and it has most likely lost its core. (The claim's time is written before the claim, so it is this
    // claim's or a later attempt's.)
    const std::atomic<long long>& claim_time = forward ? task.forward_claimed_at : task.backward_claimed_at;
    const Clock::time_point claimed_at{Clock::duration{claim_time.load(std::memory_order_relaxed)}};
    const Clock::duration typical = std::chrono::nanoseconds((forward ? task.forward_ns : task.backward_ns).load());
    const Clock::time_point overdue = claimed_at + std::max<Clock::duration>(kLeastOverdue, kOverdue * typical);
    if (!pool.wait_until(ready, overdue) && finished.load() < step)
        run_task(pass, L, t, step, run, pool, true);
    pool.wait_until(ready);
}

// Lane L's forward or backward of step k on thread t, which claimed it or redoes it. Whichever thread finishes
// it first publishes it: for a forward, which thread's outputs are step k's; for a backward, the update.
void HiddenUnitSplit::run_task(Pass pass, int L, int t, int k, const RunSteps& run, ThreadPool& pool, bool redo) {
    LaneTasks& task = tasks_[L];
    const bool forward = pass == Pass::Forward;
    std::atomic<int>& finished = forward ? task.forward_finished : task.backward_finished;
    enter(t, k, k, pool);
    if (redo) {
        if (finished.load() >= k) return leave(t, pool);  // finished meanwhile
        redone_++;
    } else if (on_claimed_task) {
        on_claimed_task(t, L, k);
    }
    const int B = run.batch_size(k);
    const Clock::time_point start = Clock::now();
    if (forward) this->forward(L, t, B, k);
    else gradients(L, t, B, k);
    const Clock::duration took = Clock::now() - start;
    int before = k - 1;
    if (!finished.compare_exchange_strong(before, k)) return leave(t, pool);  // the other thread was first
    if (redo) redone_first_++;
    const long long took_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(took).count();
    Worker& worker = workers_[t];
    if (forward) {
        task.forward_by[size_t(k % kCopies)].store(t);
        task.forward_ns.store(took_ns);
        if (L == t && !redo) worker.own_forward_step = k, worker.own_forward_time = took;
    } else {
        enter(t, k, k + 1, pool);  // the update writes step k + 1's parameters
        update(L, t, k, run.update(k));
        task.backward_ns.store(took_ns);
        if (L == t && !redo && worker.own_forward_step == k) lanes_[L].step_times.add(worker.own_forward_time + took);
    }
    leave(t, pool);
    (forward ? task.forward_done : task.backward_done).store(k);
    pool.notify_waiters();
}

// Lane L's hidden units on step k's batch, and their part of the logits (the last part adds b2), on thread t,
// into its own buffers.
void HiddenUnitSplit::forward(int L, int t, int B, int k) {
    Lane& lane = lanes_[L];
    const Index run = lane.end - lane.first;
    ForwardOutputs& out = lane.outputs[size_t(t * kCopies + k % kCopies)];
    MatMap h(out.hidden.data(), run, B);
    Views p = views(L, lane.params[size_t(k % kCopies)].data());
    product_over_rows(p.W1, packed_inputs_[size_t(k % kCopies)], h);  // h = W1 x, skipping the zero pixels
    h.colwise() += p.b1;
    h = h.cwiseMax(0.0f);  // ReLU
    MatMap part(out.logits_part.data(), net_.classes(), B);
    part.noalias() = p.W2 * h;
    if (owns_b2(L)) part.colwise() += p.b2;
}

// What the forward of lane L, step k, left: the outputs of the thread that finished it first.
const HiddenUnitSplit::ForwardOutputs& HiddenUnitSplit::forward_outputs(int L, int k) const {
    const int by = tasks_[L].forward_by[size_t(k % kCopies)].load();
    return lanes_[L].outputs[size_t(by * kCopies + k % kCopies)];
}

// The parts added up in lane order (so whichever thread does it, the logits are the same), softmax and
// cross-entropy, and dLoss/dlogits for every lane's backward.
float HiddenUnitSplit::head(int B, int k) {
    const int classes = net_.classes();
    float* head = head_[size_t(k % kCopies)].data();  // the logits, then the probabilities, then dLoss/dlogits
    MatMap logits(head, classes, B);
    logits = ConstMatMap(forward_outputs(0, k).logits_part.data(), classes, B);
    for (size_t other = 1; other < lanes_.size(); ++other)
        logits += ConstMatMap(forward_outputs(int(other), k).logits_part.data(), classes, B);
    softmax(ConstMatMap(head, classes, B), logits);
    ConstMatMap probs(head, classes, B);
    MatMap dlogits(head, classes, B);
    const float loss = cross_entropy(probs, labels(k));
    softmax_cross_entropy_backward(probs, labels(k), dlogits, B);
    return loss;
}

// The chain rule down lane L's hidden units only, on thread t, into its own buffers.
void HiddenUnitSplit::gradients(int L, int t, int B, int k) {
    Lane& lane = lanes_[L];
    Worker& worker = workers_[t];
    const Index run = lane.end - lane.first;
    ConstMatMap x(input(k), net_.input_size(), B);
    ConstMatMap h(forward_outputs(L, k).hidden.data(), run, B);
    MatMap dh(worker.dhidden.data(), run, B);
    ConstMatMap dlogits(head_[size_t(k % kCopies)].data(), net_.classes(), B);
    Views p = views(L, lane.params[size_t(k % kCopies)].data()), g = views(L, worker.grads.data());
    g.W2.noalias() = dlogits * h.transpose();
    if (owns_b2(L)) g.b2 = dlogits.rowwise().sum();
    dh.noalias() = p.W2.transpose() * dlogits;
    dh.array() *= (h.array() > 0.0f).cast<float>();  // through the ReLU
    gradient_over_rows(dh, x, packed_inputs_[size_t(k % kCopies)].rows(), g.W1);  // dW1 = dh xᵀ
    g.b1 = dh.rowwise().sum();
}

// Lane L's parameters for step k + 1, from step k's and thread t's gradients.
void HiddenUnitSplit::update(int L, int t, int k, const Optimizer::StepFactors& factors) {
    Lane& lane = lanes_[L];
    lane.optimizer->update(lane.params[size_t(k % kCopies)].data(), lane.params[size_t((k + 1) % kCopies)].data(),
                           workers_[t].grads.data(), 0, parameter_count(lane.end - lane.first, owns_b2(L)),
                           factors);
}

}  // namespace scratchnet
