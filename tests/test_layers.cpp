// Hand-computed forward passes: Dense, ReLU and the softmax + cross-entropy head.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>
#include "dense.h"
#include "relu.h"
#include "softmax_cross_entropy.h"

using namespace scratchnet;
using Catch::Matchers::WithinAbs;

TEST_CASE("Dense computes W x + b for each column", "[dense][forward]") {
    Dense dense(3, 2);
    std::vector<float> params(dense.parameter_count()), grads(params.size());
    dense.bind(params.data(), grads.data());
    dense.W() << 1, 2, 3,
                 -1, 0, 0.5;
    dense.b() << 0.5, -2;
    std::vector<float> x = {1, 1, 1,   2, 0, -4};  // two samples, one per column
    std::vector<float> y(4);
    dense.forward(ConstMatMap(x.data(), 3, 2), MatMap(y.data(), 2, 2));
    CHECK_THAT(y[0], WithinAbs(1 + 2 + 3 + 0.5, 1e-6));   // 6.5
    CHECK_THAT(y[1], WithinAbs(-1 + 0 + 0.5 - 2, 1e-6));  // -2.5
    CHECK_THAT(y[2], WithinAbs(2 + 0 - 12 + 0.5, 1e-6));  // -9.5
    CHECK_THAT(y[3], WithinAbs(-2 + 0 - 2 - 2, 1e-6));    // -6
}

TEST_CASE("Dense split by inputs: the parts' forward_part add up to forward, their parameter gradients make backward's"
          " (inputs zero in every sample skipped)",
          "[dense][threads]") {
    const int in = 7, out = 5, B = 4, parts = 3;
    Dense dense(in, out);
    std::vector<float> params(dense.parameter_count()), grads(params.size());
    dense.bind(params.data(), grads.data());
    for (size_t i = 0; i < params.size(); ++i) params[i] = std::sin(1.7f * i);
    std::vector<float> x(in * B), dy(out * B), y(out * B), partial(out * B), sum(out * B, 0.0f), dx(in * B);
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::cos(0.9f * i);
    for (size_t i = 0; i < dy.size(); ++i) dy[i] = std::sin(0.3f * i + 1);
    for (int b = 0; b < B; ++b) x[b * in + 1] = x[b * in + 2] = x[b * in + 5] = 0.0f;  // inputs zero in every sample
    const ConstMatMap X(x.data(), in, B), DY(dy.data(), out, B);

    dense.forward(X, MatMap(y.data(), out, B));
    const Mat reference = (dense.W() * X).colwise() + dense.b();  // the plain product, skipping nothing
    for (size_t i = 0; i < y.size(); ++i) CHECK_THAT(y[i], WithinAbs(reference.data()[i], 1e-5));
    for (int part = 0; part < parts; ++part) {
        dense.forward_part(X, MatMap(partial.data(), out, B), part, parts);
        for (size_t i = 0; i < sum.size(); ++i) sum[i] += partial[i];
    }
    for (size_t i = 0; i < y.size(); ++i) CHECK_THAT(sum[i], WithinAbs(y[i], 1e-5));

    dense.backward(X, ConstMatMap(y.data(), out, B), DY, MatMap(dx.data(), in, B));
    const std::vector<float> whole = grads;
    const Mat dW_reference = DY * X.transpose();
    for (Index i = 0; i < dW_reference.size(); ++i) CHECK_THAT(whole[size_t(i)], WithinAbs(dW_reference.data()[i], 1e-5));
    std::fill(grads.begin(), grads.end(), std::numeric_limits<float>::quiet_NaN());  // each part must write its own
    Index covered = 0;
    for (int part = 0; part < parts; ++part) {
        const ParamRange r = dense.parameter_gradient(X, DY, part, parts);
        CHECK(r.begin == covered);  // the parts' ranges follow each other and cover every parameter once
        covered = r.end;
    }
    CHECK(covered == dense.parameter_count());
    for (size_t i = 0; i < grads.size(); ++i) CHECK_THAT(grads[i], WithinAbs(whole[i], 1e-5));
    for (int input : {1, 2, 5}) CHECK(dense.dW().col(input).isZero(0.0f));  // skipped, and written as zeros
}

TEST_CASE("Dense parameters are laid out W (column-major) then b", "[dense]") {
    Dense dense(2, 3);
    std::vector<float> params(dense.parameter_count()), grads(params.size());
    REQUIRE(params.size() == 2 * 3 + 3);
    dense.bind(params.data(), grads.data());
    dense.W()(1, 0) = 7;
    dense.b()(2) = 9;
    REQUIRE(params[1] == 7);
    REQUIRE(params[8] == 9);
}

TEST_CASE("ReLU passes positives and zeroes negatives, and its gradient follows", "[relu]") {
    ReLU relu(Shape{4, 1, 1});
    std::vector<float> x = {-1, 0.5, 2, -3}, y(4), dy = {10, 20, 30, 40}, dx(4);
    relu.forward(ConstMatMap(x.data(), 4, 1), MatMap(y.data(), 4, 1));
    REQUIRE(y == std::vector<float>{0, 0.5, 2, 0});
    relu.backward(ConstMatMap(x.data(), 4, 1), ConstMatMap(y.data(), 4, 1), ConstMatMap(dy.data(), 4, 1),
                  MatMap(dx.data(), 4, 1));
    REQUIRE(dx == std::vector<float>{0, 20, 30, 0});
}

TEST_CASE("softmax + cross-entropy: probabilities, loss and gradient by hand", "[softmax]") {
    // logits (1, 2, 3): exp = e, e², e³; sum = e + e² + e³ = 30.19287...
    std::vector<float> logits = {1, 2, 3}, probs(3), dlogits(3);
    const uint8_t label = 2;
    softmax(ConstMatMap(logits.data(), 3, 1), MatMap(probs.data(), 3, 1));
    const double sum = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
    CHECK_THAT(probs[0], WithinAbs(std::exp(1.0) / sum, 1e-6));  // 0.09003
    CHECK_THAT(probs[2], WithinAbs(std::exp(3.0) / sum, 1e-6));  // 0.66524
    const float loss = cross_entropy(ConstMatMap(probs.data(), 3, 1), &label);
    CHECK_THAT(loss, WithinAbs(-std::log(std::exp(3.0) / sum), 1e-5));  // 0.40761
    softmax_cross_entropy_backward(ConstMatMap(probs.data(), 3, 1), &label, MatMap(dlogits.data(), 3, 1), 1);
    CHECK_THAT(dlogits[0], WithinAbs(probs[0], 1e-7));
    CHECK_THAT(dlogits[2], WithinAbs(probs[2] - 1, 1e-7));
}

TEST_CASE("softmax does not overflow on huge logits", "[softmax]") {
    std::vector<float> logits = {1000, 1001, 999}, probs(3);
    softmax(ConstMatMap(logits.data(), 3, 1), MatMap(probs.data(), 3, 1));
    for (float p : probs) REQUIRE(std::isfinite(p));
    CHECK_THAT(probs[0] + probs[1] + probs[2], WithinAbs(1, 1e-6));
}
