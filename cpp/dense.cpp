// Dense layer: forward, backward and initialization. Most of the training time is spent in these three products.
#include "dense.h"
#include <cmath>
#include "rng.h"

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
    y.noalias() = W() * x;  // W: (out × in), x: (in × B), y: (out × B)
    y.colwise() += b();
}

void Dense::backward(ConstMatMap x, ConstMatMap /*y*/, ConstMatMap dy, MatMap dx) {
    dW().noalias() = dy * x.transpose();  // (out × B)(B × in) = (out × in)
    db() = dy.rowwise().sum();            // (out)
    if (dx.data()) dx.noalias() = W().transpose() * dy;  // (in × out)(out × B) = (in × B)
}

}  // namespace scratchnet
