// The C API the page's worker calls, exercised natively: data chunks, training slices, divergence,
// prediction, evaluation, and model files that load or are refused.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>
#include "capi.h"
#include "helpers.h"
#include "model_file.h"
#include "network.h"
#include "rng.h"

using namespace scratchnet;
using Catch::Contains;

namespace {

void load_data(int train_samples, int test_samples) {
    REQUIRE(sn_data_clear(0, train_samples) == 0);
    REQUIRE(sn_data_clear(1, test_samples) == 0);
    for (int start = 0; start < train_samples; start += 1000) {
        test::IdxChunk c = test::idx_chunk(test::mnist_train(), start, 1000);
        REQUIRE(sn_data_append(0, c.images.data(), int(c.images.size()), c.labels.data(), int(c.labels.size())) ==
                start + 1000);
    }
    test::IdxChunk t = test::idx_chunk(test::mnist_test(), 0, test_samples);
    REQUIRE(sn_data_append(1, t.images.data(), int(t.images.size()), t.labels.data(), int(t.labels.size())) ==
            test_samples);
}

int train_to_end(const std::string& options) {
    const int net = sn_train_begin(options.c_str());
    REQUIRE(net > 0);
    // Slices of 2 ms, so that even an epoch of 1000 digits on a fast machine (about 15 ms) takes several.
    int status = 0, calls = 0;
    while ((status = sn_train_run(2)) == 0) ++calls;
    REQUIRE(status == 1);
    REQUIRE(calls > 0);  // it really ran in slices
    return net;
}

}  // namespace

TEST_CASE("C API: training in slices on appended chunks learns, and the model file round-trips", "[capi][mnist]") {
    load_data(3000, 1000);
    const int net = train_to_end("preset=mlp epochs=2 seed=3");
    const double* p = sn_train_progress();
    CHECK(p[0] == 2);       // epochs done
    CHECK(p[4] == 6000);    // samples seen
    REQUIRE(sn_evaluate(net, 0) == 0);
    const double accuracy = sn_evaluation()[2];
    CHECK(accuracy > 0.85);
    CHECK(sn_evaluation()[0] == 1000);

    const int size = sn_net_save(net);
    REQUIRE(size > 0);
    std::vector<uint8_t> file(sn_bytes(), sn_bytes() + size);
    const int copy = sn_net_load(file.data(), size);
    REQUIRE(copy > 0);
    REQUIRE(std::string(sn_net_describe(copy)) == "784-128-10");
    REQUIRE(std::memcmp(sn_net_parameters(copy), sn_net_parameters(net), sn_net_parameter_count(net) * 4) == 0);
    REQUIRE(sn_evaluate(copy, 0) == 0);
    CHECK(sn_evaluation()[2] == accuracy);
    sn_net_free(copy);
    sn_net_free(net);
}

TEST_CASE("C API: a damaged model file is refused with a message and no handle", "[capi]") {
    std::vector<uint8_t> junk(100, 7);
    REQUIRE(sn_net_load(junk.data(), int(junk.size())) == -1);
    REQUIRE_THAT(sn_last_error(), Contains("not a scratchnet model file"));
    REQUIRE(sn_net_load(nullptr, 0) == -1);
}

TEST_CASE("C API: a damaged data chunk is refused with the loader's message", "[capi][mnist]") {
    test::IdxChunk c = test::idx_chunk(test::mnist_test(), 0, 10);
    c.labels[8] = 77;
    REQUIRE(sn_data_append(1, c.images.data(), int(c.images.size()), c.labels.data(), int(c.labels.size())) == -1);
    REQUIRE_THAT(sn_last_error(), Contains("test labels: label 77"));
}

TEST_CASE("C API: an evaluation says which digit each test sample was read as, matching its confusion matrix", "[capi][mnist]") {
    load_data(1000, 300);
    const int net = train_to_end("preset=mlp epochs=2 seed=4");
    REQUIRE(sn_evaluate(net, 0) == 0);
    const double* e = sn_evaluation();
    REQUIRE(e[0] == 300);
    const uint8_t* predicted = sn_evaluation_predicted();
    const float* confidence = sn_evaluation_confidence();
    const uint8_t* labels = sn_data_labels(1);
    int confusion[10][10] = {};
    for (int i = 0; i < 300; ++i) {
        REQUIRE(predicted[i] < 10);
        REQUIRE(confidence[i] >= 0.1f);  // the largest of ten probabilities
        REQUIRE(confidence[i] <= 1.0f);
        confusion[labels[i]][predicted[i]]++;
    }
    for (int t = 0; t < 10; ++t)
        for (int p = 0; p < 10; ++p) CHECK(confusion[t][p] == e[14 + t * 10 + p]);
    // The test images are the appended bytes, in order.
    REQUIRE(std::equal(sn_data_images(1), sn_data_images(1) + 300 * 784, test::mnist_test().images.begin()));
    CHECK(sn_data_images(3) == nullptr);
    sn_net_free(net);
}

TEST_CASE("C API: the first layer is described so its weights can be drawn", "[capi]") {
    Network mlp(Architecture::mlp({128}), 1), cnn(Architecture::cnn(), 1);
    for (Network* n : {&mlp, &cnn}) {
        Rng rng(1);
        n->initialize(rng, Init::He);
    }
    const std::vector<uint8_t> mlp_file = serialize_model(mlp), cnn_file = serialize_model(cnn);
    const int a = sn_net_load(mlp_file.data(), int(mlp_file.size())), b = sn_net_load(cnn_file.data(), int(cnn_file.size()));
    REQUIRE(a > 0);
    REQUIRE(b > 0);
    const int* info = sn_net_first_layer(a);
    CHECK(std::vector<int>(info, info + 6) == std::vector<int>{1, 128, 0, 1, 28, 28});
    CHECK(sn_net_parameters(a)[5 + 128 * 7] == mlp.parameters()[5 + 128 * 7]);  // unit 5's weight from pixel 7
    info = sn_net_first_layer(b);
    CHECK(std::vector<int>(info, info + 6) == std::vector<int>{3, 16, 5, 1, 28, 28});
    CHECK(sn_net_first_layer(9999) == nullptr);

    // After reading one image, each layer's output is there: the MLP's hidden ReLU output is max(W x + b, 0).
    float* input = sn_network_input();
    for (int i = 0; i < 784; ++i) input[i] = float(i % 29) / 29.0f;
    REQUIRE(sn_classify_input(a) == 1);
    REQUIRE(sn_net_layer_count(a) == 3);
    REQUIRE(sn_net_activation_size(a, 1) == 128);
    const float* hidden = sn_net_activation(a, 1);
    for (int u : {0, 5, 127}) {
        double z = mlp.parameters()[128 * 784 + u];
        for (int i = 0; i < 784; ++i) z += double(mlp.parameters()[u + 128 * i]) * input[i];
        CHECK_THAT(hidden[u], Catch::Matchers::WithinAbs(std::max(z, 0.0), 1e-4));
    }
    CHECK(sn_net_activation(a, 3) == nullptr);
    CHECK(sn_net_activation_size(a, 3) < 0);
    sn_net_free(a);
    sn_net_free(b);
}

TEST_CASE("C API: a training slice stops at each epoch's end, so every epoch can be measured", "[capi][mnist]") {
    load_data(1000, 100);
    REQUIRE(sn_train_begin("preset=mlp epochs=3 seed=2") > 0);
    for (int epoch = 1; epoch <= 3; ++epoch) {
        const int status = sn_train_run(60000);  // a whole minute: far longer than an epoch of 1000 digits
        REQUIRE(status == (epoch == 3 ? 1 : 0));
        const double* p = sn_train_progress();
        CHECK(p[9] == 1);  // one epoch completed in this call
        CHECK(p[4] == 1000.0 * epoch);
    }
    sn_train_end();
}

TEST_CASE("C API: a run says how many threads it trains on", "[capi][mnist]") {
    load_data(1000, 100);
    REQUIRE(sn_train_begin("preset=mlp epochs=1") > 0);
    CHECK(sn_train_threads() == 1);
    REQUIRE(sn_train_run(20) >= 0);
    CHECK(sn_train_progress()[10] == 0);  // one thread waits for nobody
#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)  // (a build without threads refuses more)
    REQUIRE(sn_train_begin("preset=mlp epochs=1 threads=2") > 0);  // ends the run before
    CHECK(sn_train_threads() == 2);
    REQUIRE(sn_train_run(20) >= 0);
    const double waiting = sn_train_progress()[10];  // the share of their time the threads waited for each other
    CHECK(waiting > 0);
    CHECK(waiting < 1);
#endif
    sn_train_end();
    CHECK(sn_train_threads() == 0);
}

TEST_CASE("C API: warming up trains on made-up digits and changes nothing", "[capi][mnist]") {
    load_data(1000, 100);
    const int kept = train_to_end("preset=mlp epochs=1 seed=3");
    sn_train_end();
    const std::vector<float> weights(sn_net_parameters(kept), sn_net_parameters(kept) + sn_net_parameter_count(kept));
    for (const char* options : {"preset=mlp threads=1", "preset=mlp threads=2", "preset=cnn threads=1"}) {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
        if (std::string(options).find("threads=2") != std::string::npos) continue;  // this build refuses threads
#endif
        CHECK(sn_warm_up(options, 5) == 0);
        CHECK(sn_train_threads() == 0);  // no run was started
    }
    CHECK(sn_data_count(0) == 1000);
    CHECK(sn_data_count(1) == 100);
    CHECK(std::equal(weights.begin(), weights.end(), sn_net_parameters(kept)));
    CHECK(sn_net_parameter_count(kept + 1) == -1);  // and it left no network behind
    // During a run it does nothing, and the run goes on as it would have.
    REQUIRE(sn_train_begin("preset=mlp epochs=1 seed=3") > 0);
    CHECK(sn_warm_up("preset=mlp", 5) == 0);
    CHECK(sn_train_threads() == 1);
    sn_train_end();
    CHECK(sn_warm_up("preset=none", 5) == -1);
    CHECK_THAT(sn_last_error(), Contains("none"));
}

TEST_CASE("C API: a diverging run stops with a message and keeps finite weights", "[capi][mnist]") {
    load_data(2000, 100);
    const int net = sn_train_begin("optimizer=sgd lr=1000 lr-decay=off epochs=5");
    REQUIRE(net > 0);
    int status = 0;
    for (int i = 0; i < 100 && status == 0; ++i) status = sn_train_run(5);
    REQUIRE(status == -2);
    REQUIRE_THAT(sn_last_error(), Contains("diverged") && Contains("lower learning rate"));
    const float* w = sn_net_parameters(net);
    for (int i = 0; i < sn_net_parameter_count(net); ++i) REQUIRE(std::isfinite(w[i]));
    REQUIRE(sn_train_run(5) == -1);  // the run is over
    sn_net_free(net);
}

TEST_CASE("C API: predicting a drawn digit, and an empty canvas gives no prediction", "[capi][mnist]") {
    load_data(5000, 100);
    const int net = train_to_end("preset=mlp epochs=2");
    // MNIST test digit 0 (a 7), enlarged 8 times and drawn off-centre on a 280x280 canvas.
    std::vector<uint8_t> canvas(280 * 280, 0);
    const uint8_t* seven = test::mnist_test().image(0);
    for (int y = 0; y < 224; ++y)
        for (int x = 0; x < 224; ++x) canvas[(y + 40) * 280 + x + 50] = seven[(y / 8) * 28 + x / 8];
    REQUIRE(sn_predict(net, canvas.data(), 280, 280) == 1);
    const float* probs = sn_probabilities();
    REQUIRE(std::max_element(probs, probs + 10) - probs == 7);
    float sum = 0;
    for (int i = 0; i < 784; ++i) sum += sn_network_input()[i];
    REQUIRE(sum > 20);
    std::vector<float> first(probs, probs + 10);
    REQUIRE(sn_classify_input(net) == 1);  // the same input again, without preprocessing: the same answer
    REQUIRE(std::vector<float>(sn_probabilities(), sn_probabilities() + 10) == first);

    std::vector<uint8_t> empty(280 * 280, 0);
    REQUIRE(sn_predict(net, empty.data(), 280, 280) == 0);
    REQUIRE(sn_predict(12345, empty.data(), 280, 280) == -1);
    REQUIRE_THAT(sn_last_error(), Contains("no network with handle 12345"));
    sn_net_free(net);
}
