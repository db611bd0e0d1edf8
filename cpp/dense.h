// Dense (fully connected) layer: y = W x + b.
#pragma once
#include "layer.h"

namespace scratchnet {

class Dense : public Layer {
public:
    Dense(int inputs, int outputs) : in_(inputs), out_(outputs) {}
    LayerSpec spec() const override { return {LayerKind::Dense, out_}; }
    Shape input_shape() const override { return {in_, 1, 1}; }
    Shape output_shape() const override { return {out_, 1, 1}; }
    Index parameter_count() const override { return Index(out_) * in_ + out_; }
    void bind(float* params, float* grads) override;
    void initialize(Rng& rng, Init init) override;
    void forward(ConstMatMap x, MatMap y) override;
    void backward(ConstMatMap x, ConstMatMap y, ConstMatMap dy, MatMap dx) override;
    // Only a large layer is worth splitting (each split costs the threads two extra meetings per step); a small
    // one, like the 128 → 10 output layer, runs whole on each thread's columns and the threads' gradients are added.
    static constexpr Index kSplitFromWeights = 16384;
    bool splits_by_inputs() const override { return Index(in_) * out_ >= kSplitFromWeights; }
    void forward_part(ConstMatMap x, MatMap partial, int part, int parts) override;
    void backward_input(ConstMatMap x, ConstMatMap y, ConstMatMap dy, MatMap dx) override;
    ParamRange parameter_gradient(ConstMatMap x, ConstMatMap dy, int part, int parts) override;

    MatMap W() { return {w_, out_, in_}; }    // (out × in)
    VecMap b() { return {b_, out_}; }         // (out)
    MatMap dW() { return {dw_, out_, in_}; }  // (out × in)
    VecMap db() { return {db_, out_}; }       // (out)

private:
    int in_, out_;
    float *w_ = nullptr, *b_ = nullptr, *dw_ = nullptr, *db_ = nullptr;
};

}  // namespace scratchnet
