// Fine-tuning on someone's own handwriting: the mix of their digits and MNIST, and the C API run that starts
// from a trained network. "Their handwriting" here is mirror writing: MNIST digits flipped left to right, a
// style a network trained on MNIST reads badly, and one it can learn from a few hundred examples.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>
#include "capi.h"
#include "fine_tune.h"
#include "helpers.h"

using namespace scratchnet;
using Catch::Contains;

namespace {

// n images, image i filled with the value first_value + i, labelled (first_value + i) % 10.
Dataset filled(int n, int first_value) {
    Dataset d;
    d.count = n;
    for (int i = 0; i < n; ++i) {
        d.images.insert(d.images.end(), 784, uint8_t(first_value + i));
        d.labels.push_back(uint8_t((first_value + i) % 10));
    }
    return d;
}

// Samples [start, start + n) of a dataset, each mirrored left to right.
Dataset mirrored(const Dataset& from, int start, int n) {
    Dataset d;
    d.count = n;
    for (int i = start; i < start + n; ++i) {
        for (int y = 0; y < 28; ++y) {
            const uint8_t* row = from.image(i) + y * 28;
            d.images.insert(d.images.end(), std::make_reverse_iterator(row + 28), std::make_reverse_iterator(row));
        }
        d.labels.push_back(from.labels[size_t(i)]);
    }
    return d;
}

void put(int split, const Dataset& d) {
    REQUIRE(sn_data_clear(split, d.count) == 0);
    const test::IdxChunk c = test::idx_chunk(d, 0, d.count);
    REQUIRE(sn_data_append(split, c.images.data(), int(c.images.size()), c.labels.data(), int(c.labels.size())) == d.count);
}

void run_to_end() {
    int status = 0;
    while ((status = sn_train_run(50)) == 0) {}
    REQUIRE(status == 1);
}

double accuracy(int net) {
    REQUIRE(sn_evaluate(net, 0) == 0);
    return sn_evaluation()[2];
}

std::vector<float> parameters(int net) {
    return {sn_net_parameters(net), sn_net_parameters(net) + sn_net_parameter_count(net)};
}

}  // namespace

TEST_CASE("Fine-tuning mix: my digits repeated, then distinct training digits drawn by the seed", "[fine_tune]") {
    const Dataset mine = filled(3, 200), base = filled(50, 0);
    Rng rng(1);
    const Dataset mix = mix_for_fine_tuning(mine, 4, base, 20, rng);
    REQUIRE(mix.count == 3 * 4 + 20);
    REQUIRE(mix.images.size() == size_t(mix.count) * 784);
    for (int i = 0; i < 12; ++i) CHECK(mix.image(i)[0] == 200 + i % 3);
    std::vector<int> picked;
    for (int i = 12; i < mix.count; ++i) {
        const int value = mix.image(i)[0];
        CHECK(value < 50);
        CHECK(mix.labels[size_t(i)] == value % 10);
        CHECK(mix.image(i)[783] == value);
        picked.push_back(value);
    }
    std::sort(picked.begin(), picked.end());
    CHECK(std::adjacent_find(picked.begin(), picked.end()) == picked.end());  // no training digit twice

    Rng same(1), other(2);
    CHECK(mix_for_fine_tuning(mine, 4, base, 20, same).images == mix.images);
    CHECK(mix_for_fine_tuning(mine, 4, base, 20, other).images != mix.images);
    CHECK(mix_for_fine_tuning(mine, 1, base, 500, rng).count == 3 + 50);  // all of a smaller training set
    CHECK(mix_for_fine_tuning(mine, 2, Dataset{}, 100, rng).count == 6);   // no MNIST: only mine
    CHECK_THROWS_WITH(mix_for_fine_tuning(Dataset{}, 4, base, 20, rng), Contains("no digits of your own"));
}

TEST_CASE("C API: fine-tuning on mirror writing learns it and keeps MNIST", "[capi][mnist][fine_tune]") {
    const Dataset& train = test::mnist_train();
    const Dataset& test_set = test::mnist_test();
    put(0, train.first(3000));
    put(1, test_set.first(1000));
    const int net = sn_train_begin("preset=mlp epochs=2 seed=5");
    REQUIRE(net > 0);
    run_to_end();
    sn_train_end();
    const double mnist_before = accuracy(net);
    const std::vector<float> weights_before = parameters(net);

    put(2, mirrored(train, 3000, 400));  // digits the network has never seen, written in a new style
    const int tuned = sn_train_begin_from(net, "preset=mlp lr=0.002 epochs=4 seed=1", 2000, 3);
    REQUIRE(tuned > 0);
    REQUIRE(tuned != net);
    CHECK(parameters(tuned) == weights_before);  // it starts from the trained weights, not fresh ones
    CHECK(sn_train_progress()[0] == 0);
    run_to_end();
    CHECK(sn_train_progress()[4] == 4 * (400 * 3 + 2000));  // epochs × (mine × repeats + MNIST)
    sn_train_end();
    CHECK(parameters(net) == weights_before);  // the model it started from is left as it was

    const double mnist_after = accuracy(tuned);
    put(1, mirrored(test_set, 1000, 500));  // held out: mirrored digits of MNIST's test set
    const double mirrored_before = accuracy(net), mirrored_after = accuracy(tuned);
    INFO("MNIST " << mnist_before << " -> " << mnist_after << ", mirrored " << mirrored_before << " -> " << mirrored_after);
    CHECK(mirrored_before < 0.6);
    CHECK(mirrored_after > mirrored_before + 0.25);
    CHECK(mnist_after > mnist_before - 0.03);
    sn_net_free(tuned);
    sn_net_free(net);
}

TEST_CASE("C API: fine-tuning a CNN keeps its architecture and starts from its weights", "[capi][mnist][fine_tune]") {
    put(0, test::mnist_train().first(200));
    const int net = sn_train_begin("preset=cnn epochs=1 train-samples=64 seed=2");
    REQUIRE(net > 0);
    run_to_end();
    sn_train_end();
    put(2, mirrored(test::mnist_train(), 200, 20));
    // The options name the MLP preset: the architecture still comes from the network being fine-tuned.
    const int tuned = sn_train_begin_from(net, "preset=mlp epochs=1 batch=16 seed=1", 50, 2);
    REQUIRE(tuned > 0);
    const std::string tuned_architecture = sn_net_describe(tuned);  // the text buffer is reused by each call
    CHECK(tuned_architecture == std::string(sn_net_describe(net)));
    CHECK(parameters(tuned) == parameters(net));
    REQUIRE(sn_train_run(1e6) == 1);
    CHECK(parameters(tuned) != parameters(net));
    sn_train_end();
    sn_net_free(tuned);
    sn_net_free(net);
}

TEST_CASE("C API: fine-tuning without digits of one's own, or from no network, is refused with a message", "[capi][fine_tune]") {
    REQUIRE(sn_data_clear(2, 0) == 0);
    put(0, filled(10, 0));
    const int net = sn_train_begin("epochs=1");
    REQUIRE(net > 0);
    sn_train_end();
    CHECK(sn_train_begin_from(net, "epochs=1", 10, 2) == -1);
    CHECK_THAT(sn_last_error(), Contains("no digits of your own"));
    put(2, filled(3, 0));
    CHECK(sn_train_begin_from(12345, "epochs=1", 10, 2) == -1);
    CHECK_THAT(sn_last_error(), Contains("no network with handle 12345"));
    CHECK(sn_train_begin_from(net, "epochs=1", 10, 0) == -1);
    CHECK_THAT(sn_last_error(), Contains("repeats"));
    CHECK(sn_data_clear(3, 0) == -1);
    CHECK_THAT(sn_last_error(), Contains("2 (mine)"));
    sn_net_free(net);
}
