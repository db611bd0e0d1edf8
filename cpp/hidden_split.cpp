// One training step of Dense → ReLU → Dense with its hidden units split across threads (see hidden_split.h).
#include "hidden_split.h"
#include "dense.h"
#include "softmax_cross_entropy.h"
#include "split_range.h"

namespace scratchnet {

namespace {
bool is(const Layer& layer, LayerKind kind) { return layer.spec().kind == kind; }
}  // namespace

bool HiddenUnitSplit::fits(const Network& net, int threads) {
    const auto& layers = net.layers();
    return layers.size() == 3 && is(*layers[0], LayerKind::Dense) && is(*layers[1], LayerKind::ReLU) &&
           is(*layers[2], LayerKind::Dense) && layers[0]->output_shape().size() >= threads;
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
        lane.params.assign(owned, 0.0f);
        lane.grads.assign(owned, 0.0f);
        lane.optimizer = std::make_unique<Optimizer>(optimizer, Index(owned));
        lane.hidden.assign(most * B, 0.0f);
        lane.dhidden.assign(most * B, 0.0f);
        for (auto& part : lane.logits_part) part.assign(size_t(classes) * B, 0.0f);
    }
    tasks_ = std::make_unique<LaneTasks[]>(size_t(threads));
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

void HiddenUnitSplit::load(int t) { copy(t, net_.parameters(), lanes_[t].params.data(), Copy::ToLane); }

void HiddenUnitSplit::store(int t) { copy(t, net_.parameters(), lanes_[t].params.data(), Copy::ToNetwork); }

void HiddenUnitSplit::begin_run(int most_steps) {
    for (size_t L = 0; L < lanes_.size(); ++L) {
        LaneTasks& task = tasks_[L];
        task.forward_claimed = task.forward_done = task.backward_claimed = task.backward_done = -1;
        lanes_[L].forward_by = -1;
    }
    head_claimed_ = head_done_ = -1;
    gather_claimed_ = gather_done_ = -1;
    most_steps_ = most_steps;
}

bool HiddenUnitSplit::backwards_done(int k) const {
    for (size_t L = 0; L < lanes_.size(); ++L)
        if (tasks_[L].backward_done.load(std::memory_order_acquire) < k) return false;
    return true;
}

bool HiddenUnitSplit::forwards_done(int k) const {
    for (size_t L = 0; L < lanes_.size(); ++L)
        if (tasks_[L].forward_done.load(std::memory_order_acquire) < k) return false;
    return true;
}

// Step j's batch, by the thread that has claimed it.
void HiddenUnitSplit::gather_step(int j, const std::function<void(int)>& gather, ThreadPool& pool) {
    gather(j);
    gather_done_.store(j, std::memory_order_release);
    pool.notify_waiters();
}

void HiddenUnitSplit::take_step(int t, ThreadPool& pool, int B, int k, const Optimizer::StepFactors& update,
                                const std::function<void(int)>& gather, const std::function<void(float)>& on_loss) {
    const int T = int(lanes_.size());
    // Claims a task of step `step` for this thread: true if no thread had.
    auto claim = [](std::atomic<int>& claimed, int step) {
        int before = step - 1;
        return claimed.compare_exchange_strong(before, step, std::memory_order_acq_rel);
    };
    // The batch, unless a thread has gathered it (or is gathering it) during the last step. Its buffer was last
    // read by step k - 2's backwards, done before any forward of step k - 1, whose head this thread has seen.
    if (claim(gather_claimed_, k)) gather_step(k, gather, pool);
    pool.wait_until([&] { return gather_done_.load(std::memory_order_acquire) >= k; });
    // Forward of each lane, once its last backward (and update) is done.
    for (int i = 0; i < T; ++i) {
        const int L = (t + i) % T;
        LaneTasks& task = tasks_[L];
        pool.wait_until([&] {
            return task.backward_done.load(std::memory_order_acquire) >= k - 1 ||
                   task.forward_claimed.load(std::memory_order_acquire) >= k;
        });
        if (!claim(task.forward_claimed, k)) continue;
        forward(L, t, B, k);
        task.forward_done.store(k, std::memory_order_release);
        pool.notify_waiters();
    }
    // While another lane's forward still runs, this thread has nothing to do until the head: it gathers the next
    // step's batch, if no backward of step k - 1 still reads the buffer that goes into.
    if (k + 1 < most_steps_ && !forwards_done(k) && backwards_done(k - 1) && claim(gather_claimed_, k + 1))
        gather_step(k + 1, gather, pool);
    // The head, once every lane's part of the logits is in.
    pool.wait_until([&] {
        return head_claimed_.load(std::memory_order_acquire) >= k || forwards_done(k);
    });
    if (claim(head_claimed_, k)) {
        on_loss(head(B, k));
        head_done_.store(k, std::memory_order_release);
        pool.notify_waiters();
    }
    pool.wait_until([&] { return head_done_.load(std::memory_order_acquire) >= k; });
    // Backward and update of each lane.
    for (int i = 0; i < T; ++i) {
        const int L = (t + i) % T;
        LaneTasks& task = tasks_[L];
        if (!claim(task.backward_claimed, k)) continue;
        backward(L, t, B, k, update);
        task.backward_done.store(k, std::memory_order_release);
        pool.notify_waiters();
    }
}

// Lane L's hidden units on step k's batch, and their part of the logits (the last part adds b2), on thread t.
void HiddenUnitSplit::forward(int L, int t, int B, int k) {
    const Clock::time_point start = Clock::now();
    Lane& lane = lanes_[L];
    const Index run = lane.end - lane.first;
    ConstMatMap x(input(k), net_.input_size(), B);
    MatMap h(lane.hidden.data(), run, B);
    Views p = views(L, lane.params.data());
    h.noalias() = p.W1 * x;
    h.colwise() += p.b1;
    h = h.cwiseMax(0.0f);  // ReLU
    MatMap part(lane.logits_part[k % 2].data(), net_.classes(), B);
    part.noalias() = p.W2 * h;
    if (owns_b2(L)) part.colwise() += p.b2;
    lane.forward_by = t;
    lane.forward_time = Clock::now() - start;
}

// The parts added up in lane order (so whichever thread does it, the logits are the same), softmax and
// cross-entropy, and dLoss/dlogits for every lane's backward.
float HiddenUnitSplit::head(int B, int k) {
    const int classes = net_.classes();
    float* head = head_[k % 2].data();  // the logits, then in their place the probabilities, then dLoss/dlogits
    MatMap logits(head, classes, B);
    logits = ConstMatMap(lanes_[0].logits_part[k % 2].data(), classes, B);
    for (size_t other = 1; other < lanes_.size(); ++other)
        logits += ConstMatMap(lanes_[other].logits_part[k % 2].data(), classes, B);
    softmax(ConstMatMap(head, classes, B), logits);
    ConstMatMap probs(head, classes, B);
    MatMap dlogits(head, classes, B);
    const float loss = cross_entropy(probs, labels(k));
    softmax_cross_entropy_backward(probs, labels(k), dlogits, B);
    return loss;
}

// The chain rule down lane L's hidden units only, then their update, on thread t.
void HiddenUnitSplit::backward(int L, int t, int B, int k, const Optimizer::StepFactors& update) {
    const Clock::time_point start = Clock::now();
    Lane& lane = lanes_[L];
    const Index run = lane.end - lane.first;
    ConstMatMap x(input(k), net_.input_size(), B);
    MatMap h(lane.hidden.data(), run, B), dh(lane.dhidden.data(), run, B);
    ConstMatMap dlogits(head_[k % 2].data(), net_.classes(), B);
    Views p = views(L, lane.params.data()), g = views(L, lane.grads.data());
    g.W2.noalias() = dlogits * h.transpose();
    if (owns_b2(L)) g.b2 = dlogits.rowwise().sum();
    dh.noalias() = p.W2.transpose() * dlogits;
    dh.array() *= (h.array() > 0.0f).cast<float>();  // through the ReLU
    g.W1.noalias() = dh * x.transpose();
    g.b1 = dh.rowwise().sum();
    lane.optimizer->update(lane.params.data(), lane.grads.data(), 0, parameter_count(run, owns_b2(L)), update);
    if (L == t && lane.forward_by == t) lane.step_times.add(lane.forward_time + (Clock::now() - start));
}

}  // namespace scratchnet
