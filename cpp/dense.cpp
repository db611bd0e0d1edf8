// Dense layer: forward, backward and initialization. Most of the training time is spent in these three products.
#include "dense.h"
#include <cmath>
#include "nonzero_rows.h"
#include "rng.h"
#include "split_range.h"

namespace scratchnet {

void Dense::bind(float* params, float* grads) {
    w_ = params;  // W first, column-major (out × in), then b
    b_ = params + Index(out_) * in_;
    dw_ = grads;
    db_ = grads + Index(out_) * in_;
}

void Dense::initialize(Rng& rng, Init init) {
    float scale = 0.01f;                                                  // Small: the origin story
    if (init == Init::He) scale = std::sqrt(2.0f / in_);                  // keeps ReLU activations' variance
    if (init == Init::Xavier) scale = std::sqrt(2.0f / (in_ + out_));    // Glorot normal
    float* w = w_;
    for (Index i = 0; i < Index(out_) * in_; ++i) w[i] = rng.normal() * scale;
    b().setZero();
}

void Dense::forward(ConstMatMap x, MatMap y) {
    if (x.cols() == 1) {
        // One image (reading a drawing): y = b + Σ x_i · W(:, i) over the inputs that are not zero. Most of a
        // digit's pixels (and about half of the ReLU outputs) are zero, so this reads a fraction of W.
        y.col(0) = b();
        for (Index i = 0; i < in_; ++i)
            if (x(i, 0) != 0.0f) y.col(0) += x(i, 0) * W().col(i);
        return;
    }
    // y = W x, W: (out × in), x: (in × B), y: (out × B); over the inputs that are not zero in every sample
    product_over_rows(W(), x, nonzero_rows(x), y);
    y.colwise() += b();
}

// Part `part` of `parts` of y = W x + b: a run of W's columns times the same rows of x (part 0 adds b).
void Dense::forward_part(ConstMatMap x, MatMap partial, int part, int parts) {
    long first, end;
    split_range(in_, parts, part, first, end);
    const auto inputs = x.middleRows(first, end - first);
    product_over_rows(W().middleCols(first, end - first), inputs, nonzero_rows(inputs), partial);
    if (part == parts - 1) partial.colwise() += b();  // the part that updates b (parameter_gradient) also reads it
}

void Dense::backward(ConstMatMap x, ConstMatMap y, ConstMatMap dy, MatMap dx) {
    parameter_gradient(x, dy, 0, 1);  // dW = dy xᵀ, db = Σ dy over the batch
    backward_input(x, y, dy, dx);     // dx = Wᵀ dy
}

void Dense::backward_input(ConstMatMap /*x*/, ConstMatMap /*y*/, ConstMatMap dy, MatMap dx) {
    if (dx.data()) dx.noalias() = W().transpose() * dy;  // (in × out)(out × B) = (in × B)
}

// Part `part` of `parts` takes a run of W's columns (one per input; contiguous in memory, as is their Adam state);
// the last part takes b as well.
ParamRange Dense::parameter_gradient(ConstMatMap x, ConstMatMap dy, int part, int parts) {
    long first, end;
    split_range(in_, parts, part, first, end);
    const auto inputs = x.middleRows(first, end - first);
    // dW = dy xᵀ: (out × B)(B × in), over the inputs that are not zero in every sample (the others' columns are 0).
    // They are found again here, as in forward (a layer keeps no state between calls): 7 µs natively and 14-20
    // µs in wasm for the first layer at batch 64, about 2-3% of a step. (The hidden-unit split finds them once.)
    gradient_over_rows(dy, inputs, nonzero_rows(inputs), dW().middleCols(first, end - first));
    const bool last = part == parts - 1;
    if (last) db() = dy.rowwise().sum();  // (out)
    return {Index(first) * out_, last ? parameter_count() : Index(end) * out_};
}

}  // namespace scratchnet
