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

HiddenUnitSplit::HiddenUnitSplit(Network& net, int threads, const OptimizerConfig& optimizer)
    : net_(net),
      first_(static_cast<Dense&>(*net.layers()[0])),
      second_(static_cast<Dense&>(*net.layers()[2])),
      lanes_(threads) {
    const int B = net.max_batch(), classes = net.classes(), inputs = net.input_size();
    for (int t = 0; t < threads; ++t) {
        Lane& lane = lanes_[t];
        split_range(units(), threads, t, lane.first, lane.end);
        const size_t run = size_t(lane.end - lane.first);
        const size_t owned = run * inputs + run + classes * run + (owns_b2(t) ? classes : 0);
        lane.params.assign(owned, 0.0f);
        lane.grads.assign(owned, 0.0f);
        lane.optimizer = std::make_unique<Optimizer>(optimizer, Index(owned));
        lane.input.assign(size_t(inputs) * B, 0.0f);
        lane.labels.assign(B, 0);
        lane.hidden.assign(run * B, 0.0f);
        lane.dhidden.assign(run * B, 0.0f);
        for (auto& part : lane.logits_part) part.assign(size_t(classes) * B, 0.0f);
        lane.head.assign(size_t(classes) * B, 0.0f);
    }
}

int HiddenUnitSplit::units() const { return first_.output_shape().size(); }

HiddenUnitSplit::Views HiddenUnitSplit::views(int t, float* buffer) const {
    const Lane& lane = lanes_[t];
    const Index run = lane.end - lane.first, inputs = net_.input_size(), classes = net_.classes();
    float* b1 = buffer + run * inputs;
    float* W2 = b1 + run;
    float* b2 = W2 + classes * run;
    return {MatMap(buffer, run, inputs), VecMap(b1, run), MatMap(W2, classes, run),
            VecMap(b2, owns_b2(t) ? classes : 0)};
}

void HiddenUnitSplit::load(int t) {
    Lane& lane = lanes_[t];
    const Index first = lane.first, run = lane.end - lane.first;
    Views own = views(t, lane.params.data());
    own.W1 = first_.W().middleRows(first, run);
    own.b1 = first_.b().segment(first, run);
    own.W2 = second_.W().middleCols(first, run);
    if (owns_b2(t)) own.b2 = second_.b();
}

void HiddenUnitSplit::store(int t) {
    Lane& lane = lanes_[t];
    const Index first = lane.first, run = lane.end - lane.first;
    Views own = views(t, lane.params.data());
    first_.W().middleRows(first, run) = own.W1;
    first_.b().segment(first, run) = own.b1;
    second_.W().middleCols(first, run) = own.W2;
    if (owns_b2(t)) second_.b() = own.b2;
}

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
    pool.barrier();
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
    lane.optimizer->update(lane.params.data(), lane.grads.data(), 0, Index(lane.params.size()), factors);
}

}  // namespace scratchnet
