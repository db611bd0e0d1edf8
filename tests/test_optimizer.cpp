// The update step: SGD, momentum and Adam against the formulas done by hand.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>
#include "optimizer.h"

using namespace scratchnet;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("SGD moves against the gradient by lr·g", "[optimizer]") {
    OptimizerConfig c;
    c.kind = OptimizerKind::SGD;
    c.learning_rate = 0.1f;
    Optimizer opt(c, 2);
    std::vector<float> w = {1, -2}, g = {0.5, -1};
    opt.step(w.data(), g.data());
    CHECK_THAT(w[0], WithinAbs(0.95, 1e-6));
    CHECK_THAT(w[1], WithinAbs(-1.9, 1e-6));
}

TEST_CASE("SGD with weight decay adds wd·w to the gradient", "[optimizer]") {
    OptimizerConfig c;
    c.kind = OptimizerKind::SGD;
    c.learning_rate = 0.1f;
    c.weight_decay = 0.5f;
    Optimizer opt(c, 1);
    std::vector<float> w = {2}, g = {0};
    opt.step(w.data(), g.data());
    CHECK_THAT(w[0], WithinAbs(2 - 0.1 * 0.5 * 2, 1e-6));  // 1.9
}

TEST_CASE("momentum accumulates velocity v ← μv + g", "[optimizer]") {
    OptimizerConfig c;
    c.kind = OptimizerKind::Momentum;
    c.learning_rate = 0.1f;
    c.momentum = 0.9f;
    Optimizer opt(c, 1);
    std::vector<float> w = {0}, g = {1};
    opt.step(w.data(), g.data());  // v = 1, w = −0.1
    opt.step(w.data(), g.data());  // v = 1.9, w = −0.29
    CHECK_THAT(w[0], WithinAbs(-0.29, 1e-6));
}

TEST_CASE("Adam's first step is lr in the direction of −sign(g), whatever the gradient's scale", "[optimizer]") {
    OptimizerConfig c;
    c.kind = OptimizerKind::Adam;
    c.learning_rate = 0.01f;
    Optimizer opt(c, 3);
    std::vector<float> w = {0, 0, 0}, g = {1000, -0.001f, 3};
    opt.step(w.data(), g.data());
    CHECK_THAT(w[0], WithinRel(-0.01f, 1e-4f));
    CHECK_THAT(w[1], WithinRel(0.01f, 1e-3f));
    CHECK_THAT(w[2], WithinRel(-0.01f, 1e-4f));
}

TEST_CASE("Adam's second step follows the bias-corrected moments", "[optimizer]") {
    OptimizerConfig c;
    c.kind = OptimizerKind::Adam;
    c.learning_rate = 0.1f;
    Optimizer opt(c, 1);
    std::vector<float> w = {0}, g1 = {1}, g2 = {3};
    opt.step(w.data(), g1.data());
    opt.step(w.data(), g2.data());
    // m = 0.9·0.1 + 0.1·3 = 0.39 → m̂ = 0.39/0.19; v = 0.999·0.001 + 0.001·9 = 0.009999 → v̂ = 0.009999/0.001999
    const double m_hat = 0.39 / 0.19, v_hat = 0.009999 / 0.001999;
    CHECK_THAT(w[0], WithinAbs(-0.1 - 0.1 * m_hat / std::sqrt(v_hat), 1e-5));
}

TEST_CASE("optimizer names parse, and an unknown one is refused by name", "[optimizer]") {
    REQUIRE(parse_optimizer("adam") == OptimizerKind::Adam);
    REQUIRE_THROWS_WITH(parse_optimizer("rmsprop"), Catch::Contains("rmsprop") && Catch::Contains("adam"));
}
