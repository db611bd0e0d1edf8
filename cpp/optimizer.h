// The update step: plain SGD, SGD with momentum, and Adam, each one loop over the flat parameter buffer.
// Optional L2 weight decay adds weight_decay * w to every gradient (biases included, for simplicity).
#pragma once
#include <memory>
#include <string>
#include <vector>
#include "tensor.h"

namespace scratchnet {

enum class OptimizerKind { SGD, Momentum, Adam };
std::string optimizer_name(OptimizerKind kind);
OptimizerKind parse_optimizer(const std::string& name);  // "sgd", "momentum", "adam"; throws otherwise

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Adam;
    float learning_rate = 1e-3f;
    float weight_decay = 0.0f;
    float momentum = 0.9f;                          // Momentum
    float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;  // Adam
};

class Optimizer {
public:
    Optimizer(const OptimizerConfig& config, Index parameter_count);
    void step(float* params, const float* grads);  // w ← w − update(g), the whole buffer
    // The same in parts, for threads: update number `step` (1, 2, …: steps_taken() + 1 for the next) at learning
    // rate `lr` is factors(step, lr), computed once; then update() on disjoint slices [begin, end), at once; then
    // count_steps() once they are done. Nothing in the optimizer changes but the slice, so threads may run
    // several steps without meeting here.
    struct StepFactors {
        float lr;              // the learning rate
        float alpha, eps_hat;  // Adam's, with both bias corrections folded in
    };
    StepFactors factors(long long step, float lr) const;
    void update(float* params, const float* grads, Index begin, Index end, const StepFactors& factors);
    // The same, but the updated parameters go to `to`, from `from` (which may be the same buffer): for a caller
    // that keeps the parameters before the update for readers that may still be using them (HiddenUnitSplit).
    void update(const float* from, float* to, const float* grads, Index begin, Index end,
                const StepFactors& factors);
    long long steps_taken() const { return t_; }
    void count_steps(long long steps) { t_ += steps; }
    void set_learning_rate(float lr) { config_.learning_rate = lr; }
    const OptimizerConfig& config() const { return config_; }
    // Its state: buffers of one number per parameter (momentum: the velocity; Adam: the two moments; SGD: none),
    // for moving a parameter's state along with it (HiddenUnitSplit).
    std::vector<float*> state();

private:
    OptimizerConfig config_;
    Index n_;
    AlignedFloats m_, v_;  // Momentum: velocity in m_. Adam: first and second moment estimates.
    long long t_ = 0;           // Adam's step count, for bias correction
};

}  // namespace scratchnet
