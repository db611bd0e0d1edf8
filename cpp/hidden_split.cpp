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
        lane.input.assign(size_t(inputs) * B, 0.0f);
        lane.labels.assign(B, 0);
        lane.hidden.assign(most * B, 0.0f);
        lane.dhidden.assign(most * B, 0.0f);
        for (auto& part : lane.logits_part) part.assign(size_t(classes) * B, 0.0f);
        lane.head.assign(size_t(classes) * B, 0.0f);
    }
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

float HiddenUnitSplit::compute(int t, ThreadPool& pool, int B, int step) {
    Lane& lane = lanes_[t];
    const int inputs = net_.input_size(), classes = net_.classes();
    const Index run = lane.end - lane.first;
    ConstMatMap x(lane.input.data(), inputs, B);
    MatMap h(lane.hidden.data(), run, B), dh(lane.dhidden.data(), run, B);
    Views p = views(t, lane.params.data()), g = views(t, lane.grads.data());

    // Forward: this thread's hidden units, and their part of the logits (the last part adds b2).
    h.noalias() = p.W1 * x;
    h.colwise() += p.b1;
    h = h.cwiseMax(0.0f);  // ReLU
    MatMap part(lane.logits_part[step % 2].data(), classes, B);
    part.noalias() = p.W2 * h;
    if (owns_b2(t)) part.colwise() += p.b2;

    // Every part is written: add them up (every thread, in the same order, so all get the same logits).
    const Clock::time_point arrived = Clock::now();
    if (step > 0) lane.step_times.add(arrived - lane.left);  // this thread's work since the last meeting
    pool.barrier();
    lane.left = Clock::now();
    float* head = lane.head.data();  // the logits, then in their place the probabilities, then dLoss/dlogits
    MatMap logits(head, classes, B);
    logits = ConstMatMap(lanes_[0].logits_part[step % 2].data(), classes, B);
    for (size_t other = 1; other < lanes_.size(); ++other)
        logits += ConstMatMap(lanes_[other].logits_part[step % 2].data(), classes, B);
    softmax(ConstMatMap(head, classes, B), logits);
    ConstMatMap probs(head, classes, B);
    MatMap dlogits(head, classes, B);
    const float loss = cross_entropy(probs, lane.labels.data());
    softmax_cross_entropy_backward(probs, lane.labels.data(), dlogits, B);

    // Backward, the chain rule down this thread's hidden units only.
    g.W2.noalias() = dlogits * h.transpose();
    if (owns_b2(t)) g.b2 = dlogits.rowwise().sum();
    dh.noalias() = p.W2.transpose() * dlogits;
    dh.array() *= (h.array() > 0.0f).cast<float>();  // through the ReLU
    g.W1.noalias() = dh * x.transpose();
    g.b1 = dh.rowwise().sum();
    return loss;
}

void HiddenUnitSplit::update(int t, const Optimizer::StepFactors& factors) {
    Lane& lane = lanes_[t];
    const Index run = lane.end - lane.first;
    lane.optimizer->update(lane.params.data(), lane.grads.data(), 0, parameter_count(run, owns_b2(t)), factors);
}

}  // namespace scratchnet
