// Central-difference gradient checks: each layer alone, then the whole network through the loss.
// Float32 layers, so the loss is summed in double and the tolerance is that of float central differences.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>
#include "dense.h"
#include "network.h"
#include "relu.h"
#include "rng.h"

using namespace scratchnet;

namespace {

constexpr float kEps = 1e-3f;

// |a − b| small relative to the larger of them (or absolutely, near zero).
bool close(double analytic, double numeric) {
    return std::abs(analytic - numeric) <= 2e-2 * std::max(std::abs(analytic), std::abs(numeric)) + 2e-3;
}

// Checks a layer's backward against central differences of L = Σ y ⊙ R (R random), so dL/dy = R.
void check_layer(Layer& layer, int B, Rng& rng, float input_margin = 0) {
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
    auto numeric = [&](float& v) {
        const float saved = v;
        v = saved + kEps;
        const double up = loss();
        v = saved - kEps;
        const double down = loss();
        v = saved;
        return (up - down) / (2 * kEps);
    };
    for (size_t i = 0; i < params.size(); ++i) {
        INFO("parameter " << i);
        REQUIRE(close(grads[i], numeric(params[i])));
    }
    for (size_t i = 0; i < x.size(); ++i) {
        INFO("input " << i);
        REQUIRE(close(dx[i], numeric(x[i])));
    }
}

}  // namespace

TEST_CASE("Dense backward matches central differences", "[dense][grad]") {
    Rng rng(11);
    Dense dense(7, 5);
    check_layer(dense, 4, rng);
}

TEST_CASE("ReLU backward matches central differences away from the kink", "[relu][grad]") {
    Rng rng(12);
    ReLU relu(Shape{9, 1, 1});
    check_layer(relu, 3, rng, 10 * kEps);
}

TEST_CASE("the whole network's gradient matches central differences of the cross-entropy loss", "[network][grad]") {
    Network net(Architecture::mlp({6, 5}, 8, 4), 5);
    const int B = 5;
    std::vector<float> x(8 * B);
    const uint8_t labels[B] = {0, 3, 1, 2, 3};
    auto set_input = [&] { std::copy(x.begin(), x.end(), net.input(B).data()); };
    // Draw weights and inputs until no hidden pre-activation lies within a few eps of ReLU's kink.
    float margin = 0;
    for (uint64_t seed = 1; margin < 0.02f; ++seed) {
        Rng rng(seed);
        net.initialize(rng, Init::Xavier);
        for (Index i = 0; i < net.parameter_count(); ++i) net.parameters()[i] += 0.05f * rng.normal();
        for (auto& v : x) v = rng.normal();
        set_input();
        net.forward(B);
        margin = std::min(net.activation(0, B).cwiseAbs().minCoeff(), net.activation(2, B).cwiseAbs().minCoeff());
    }
    set_input();
    net.compute_gradients(labels, B);
    std::vector<float> analytic(net.gradients(), net.gradients() + net.parameter_count());

    auto loss = [&] {
        set_input();
        ConstMatMap probs = net.forward(B);
        double L = 0;
        for (int j = 0; j < B; ++j) L -= std::log(double(probs(labels[j], j)));
        return L / B;
    };
    for (Index i = 0; i < net.parameter_count(); ++i) {
        float& p = net.parameters()[i];
        const float saved = p;
        p = saved + kEps;
        const double up = loss();
        p = saved - kEps;
        const double down = loss();
        p = saved;
        INFO("parameter " << i);
        REQUIRE(close(analytic[i], (up - down) / (2 * kEps)));
    }
}
