// Central-difference gradient checks: each layer alone, then the whole network through the loss.
// Float32 layers, so the loss is summed in double and the tolerance is that of float central differences.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>
#include "dense.h"
#include "network.h"
#include "relu.h"
#include "gradient_check.h"
#include "rng.h"

using namespace scratchnet;
using namespace scratchnet::test;


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
        INFO("parameter " << i);
        REQUIRE(close(analytic[i], central_difference(net.parameters()[i], loss)));
    }
}

TEST_CASE("a network's batch buffers grow from one sample to a batch, with the same results", "[network][batch]") {
    // A network holds one sample's activations after reading one drawing; a batch, then training (the gradients
    // of the activations), then a larger batch each grow them. Against a network given only the larger batches.
    const Architecture arch = Architecture::mlp({12}, 8, 4);
    Network grown(arch, 30), fresh(arch, 30);
    Rng rng(4);
    grown.initialize(rng, Init::He);
    std::copy(grown.parameters(), grown.parameters() + grown.parameter_count(), fresh.parameters());
    std::vector<float> x(8 * 30);
    for (auto& v : x) v = rng.normal();
    uint8_t labels[30];
    for (int j = 0; j < 30; ++j) labels[j] = uint8_t(j % 4);
    auto run = [&](Network& net, int B) { std::copy(x.begin(), x.begin() + 8 * B, net.input(B).data()); };

    run(grown, 1);
    const Mat one = grown.forward(1);
    float loss[2][2];
    Mat grads[2][2], probs[2];
    Network* nets[2] = {&grown, &fresh};
    for (int k = 0; k < 2; ++k) {
        for (int i = 0; i < 2; ++i) {
            const int B = i == 0 ? 10 : 30;
            run(*nets[k], B);
            loss[k][i] = nets[k]->compute_gradients(labels, B);
            grads[k][i] = MatMap(nets[k]->gradients(), nets[k]->parameter_count(), 1);
        }
        probs[k] = nets[k]->forward(30);
    }
    // Within float rounding: a grown buffer may start at another alignment, and Eigen's vectorized sums then
    // take their terms in another order.
    CHECK(one.isApprox(probs[1].col(0), 1e-6f));
    CHECK(probs[0].isApprox(probs[1], 1e-6f));
    for (int i = 0; i < 2; ++i) {
        CHECK(loss[0][i] == Approx(loss[1][i]).epsilon(1e-6));
        CHECK(grads[0][i].isApprox(grads[1][i], 1e-6f));
    }
    CHECK_THROWS_WITH(grown.input(31), Catch::Contains("outside 1..30"));
}
