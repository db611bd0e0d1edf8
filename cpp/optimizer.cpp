// SGD and momentum as whole-buffer array expressions (Eigen vectorizes them); Adam as one plain loop.
#include "optimizer.h"
#include <cmath>
#include <stdexcept>

namespace scratchnet {

using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;

namespace {
struct AdamConstants {
    float b1, b2, alpha, eps_hat;  // alpha and eps_hat with both bias corrections folded in (Optimizer::factors)
    float weight_decay;
};

// Adam's update of n parameters, in one pass over the buffers: a loop the compiler vectorizes (with
// -fno-math-errno, sqrt is one instruction natively and in wasm), instead of three Eigen array expressions, whose
// SSE sqrt and division wasm emulates. In place (`after` holds the parameters; `before` is unused), or from
// `before` into another buffer `after`: two loops, so that every pointer can be __restrict, which the
// vectorizer needs.
template <bool kInPlace, bool kWeightDecay>
void adam_pass(Index n, const AdamConstants& c, float* __restrict m, float* __restrict v, const float* __restrict g,
               const float* __restrict before, float* __restrict after) {
    for (Index i = 0; i < n; ++i) {
        const float w = kInPlace ? after[i] : before[i];
        const float gi = kWeightDecay ? g[i] + c.weight_decay * w : g[i];
        m[i] = c.b1 * m[i] + (1 - c.b1) * gi;
        v[i] = c.b2 * v[i] + (1 - c.b2) * (gi * gi);
        after[i] = w - c.alpha * m[i] / (std::sqrt(v[i]) + c.eps_hat);
    }
}
}  // namespace

std::string optimizer_name(OptimizerKind kind) {
    switch (kind) {
        case OptimizerKind::SGD: return "sgd";
        case OptimizerKind::Momentum: return "momentum";
        case OptimizerKind::Adam: return "adam";
    }
    return "?";
}

OptimizerKind parse_optimizer(const std::string& name) {
    if (name == "sgd") return OptimizerKind::SGD;
    if (name == "momentum") return OptimizerKind::Momentum;
    if (name == "adam") return OptimizerKind::Adam;
    throw std::runtime_error("unknown optimizer '" + name + "' (use sgd, momentum or adam)");
}

Optimizer::Optimizer(const OptimizerConfig& config, Index parameter_count) : config_(config), n_(parameter_count) {
    if (config.kind != OptimizerKind::SGD) m_.assign(n_, 0.0f);
    if (config.kind == OptimizerKind::Adam) v_.assign(n_, 0.0f);
}

std::vector<float*> Optimizer::state() {
    std::vector<float*> buffers;
    if (!m_.empty()) buffers.push_back(m_.data());
    if (!v_.empty()) buffers.push_back(v_.data());
    return buffers;
}

void Optimizer::step(float* params, const float* grads) {
    update(params, grads, 0, n_, factors(t_ + 1, config_.learning_rate));
    count_steps(1);
}

Optimizer::StepFactors Optimizer::factors(long long step, float lr) const {
    if (config_.kind != OptimizerKind::Adam) return {lr, 0.0f, 0.0f};
    // Fold both bias corrections into the step size and epsilon: lr·m̂/(√v̂+ε) = α·m/(√v+ε̂).
    const float c1 = 1.0f - static_cast<float>(std::pow(config_.beta1, double(step)));
    const float c2 = std::sqrt(1.0f - static_cast<float>(std::pow(config_.beta2, double(step))));
    return {lr, lr * c2 / c1, config_.eps * c2};
}

void Optimizer::update(float* params, const float* grads, Index begin, Index end, const StepFactors& factors) {
    update(params, params, grads, begin, end, factors);
}

void Optimizer::update(const float* from, float* to, const float* grads, Index begin, Index end,
                       const StepFactors& factors) {
    const Index n = end - begin;
    const float lr = factors.lr;
    ConstArrayMap w(from + begin, n);
    ArrayMap updated(to + begin, n);
    ConstArrayMap raw_g(grads + begin, n);
    const float wd = config_.weight_decay;
    // With weight decay the gradient is g + wd·w; written out per case so no temporary buffer is needed.
    switch (config_.kind) {
        case OptimizerKind::SGD:
            if (wd > 0) updated = w - lr * (raw_g + wd * w);
            else updated = w - lr * raw_g;
            break;
        case OptimizerKind::Momentum: {
            ArrayMap velocity(m_.data() + begin, n);
            if (wd > 0) velocity = config_.momentum * velocity + (raw_g + wd * w);
            else velocity = config_.momentum * velocity + raw_g;
            updated = w - lr * velocity;
            break;
        }
        case OptimizerKind::Adam: {
            const AdamConstants c{config_.beta1, config_.beta2, factors.alpha, factors.eps_hat, wd};
            float* m = m_.data() + begin;
            float* v = v_.data() + begin;
            const float* g = grads + begin;
            if (from == to) {
                if (wd > 0) adam_pass<true, true>(n, c, m, v, g, nullptr, to + begin);
                else adam_pass<true, false>(n, c, m, v, g, nullptr, to + begin);
            } else {
                if (wd > 0) adam_pass<false, true>(n, c, m, v, g, from + begin, to + begin);
                else adam_pass<false, false>(n, c, m, v, g, from + begin, to + begin);
            }
            break;
        }
    }
}

}  // namespace scratchnet
