// Central-difference gradient checks, shared by the layer tests. Float32 layers, so the loss is summed in double
// and the tolerance is that of float central differences.
#pragma once
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>
#include "layer.h"
#include "rng.h"

namespace scratchnet::test {

inline constexpr float kEps = 1e-3f;

// |a − b| small relative to the larger of them (or absolutely, near zero).
inline bool close(double analytic, double numeric) {
    return std::abs(analytic - numeric) <= 2e-2 * std::max(std::abs(analytic), std::abs(numeric)) + 2e-3;
}

// (loss(v + eps) − loss(v − eps)) / 2eps, with v restored afterwards.
template <typename Loss>
double central_difference(float& v, Loss&& loss) {
    const float saved = v;
    v = saved + kEps;
    const double up = loss();
    v = saved - kEps;
    const double down = loss();
    v = saved;
    return (up - down) / (2 * kEps);
}

// Checks a layer's backward against central differences of L = Σ y ⊙ R (R random), so dL/dy = R.
// `given_x`, if set, is the input to use (e.g. values without near-ties for max pooling).
inline void check_layer(Layer& layer, int B, Rng& rng, float input_margin = 0, const std::vector<float>* given_x = nullptr) {
    const int in = layer.input_shape().size(), out = layer.output_shape().size();
    std::vector<float> params(layer.parameter_count()), grads(params.size());
    layer.bind(params.data(), grads.data());
    layer.initialize(rng, Init::Xavier);
    for (auto& p : params) p += 0.1f * rng.normal();  // non-zero biases too

    std::vector<float> x(size_t(in) * B), y(size_t(out) * B), R(y.size()), dx(x.size());
    for (auto& v : x) {
        v = rng.normal();
        if (std::abs(v) < input_margin) v = v < 0 ? -input_margin : input_margin;  // away from ReLU's kink
    }
    if (given_x) x = *given_x;
    for (auto& v : R) v = rng.normal();
    auto loss = [&] {
        layer.forward(ConstMatMap(x.data(), in, B), MatMap(y.data(), out, B));
        double L = 0;
        for (size_t i = 0; i < y.size(); ++i) L += double(y[i]) * R[i];
        return L;
    };

    loss();
    layer.backward(ConstMatMap(x.data(), in, B), ConstMatMap(y.data(), out, B), ConstMatMap(R.data(), out, B),
                   MatMap(dx.data(), in, B));
    auto numeric = [&](float& v) { return central_difference(v, loss); };
    for (size_t i = 0; i < params.size(); ++i) {
        INFO("parameter " << i);
        REQUIRE(close(grads[i], numeric(params[i])));
    }
    for (size_t i = 0; i < x.size(); ++i) {
        INFO("input " << i);
        REQUIRE(close(dx[i], numeric(x[i])));
    }
}

}  // namespace scratchnet::test
