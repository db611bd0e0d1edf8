// Conv2D and MaxPool2D: hand-computed forwards and central-difference gradient checks.
#include <catch2/catch.hpp>
#include <numeric>
#include <vector>
#include "conv2d.h"
#include "gradient_check.h"
#include "rng.h"

using namespace scratchnet;
using namespace scratchnet::test;

namespace {
struct Buffers {
    std::vector<float> params, grads;
    explicit Buffers(Layer& layer) : params(layer.parameter_count()), grads(params.size()) {
        layer.bind(params.data(), grads.data());
    }
};
}  // namespace

TEST_CASE("Conv2D 'valid': a 2x2 filter over a 3x3 image, by hand", "[conv][forward]") {
    Conv2D conv(Shape{1, 3, 3}, 1, 2, Padding::Valid);
    Buffers buffers(conv);
    REQUIRE(conv.output_shape() == Shape{1, 2, 2});
    conv.W() << 1, 2, 3, 4;  // the filter [[1, 2], [3, 4]]
    conv.b() << 0.5f;
    std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9}, y(4);
    conv.forward(ConstMatMap(x.data(), 9, 1), MatMap(y.data(), 4, 1));
    CHECK(y[0] == Approx(1 * 1 + 2 * 2 + 3 * 4 + 4 * 5 + 0.5));  // 37.5
    CHECK(y[1] == Approx(1 * 2 + 2 * 3 + 3 * 5 + 4 * 6 + 0.5));  // 47.5
    CHECK(y[2] == Approx(1 * 4 + 2 * 5 + 3 * 7 + 4 * 8 + 0.5));  // 67.5
    CHECK(y[3] == Approx(1 * 5 + 2 * 6 + 3 * 8 + 4 * 9 + 0.5));  // 77.5
}

TEST_CASE("Conv2D 'same': a 3x3 box filter keeps the size and zero-pads the border", "[conv][forward]") {
    Conv2D conv(Shape{1, 3, 3}, 1, 3, Padding::Same);
    Buffers buffers(conv);
    REQUIRE(conv.output_shape() == Shape{1, 3, 3});
    conv.W().setOnes();
    conv.b().setZero();
    std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9}, y(9);
    conv.forward(ConstMatMap(x.data(), 9, 1), MatMap(y.data(), 9, 1));
    CHECK(y[4] == Approx(45));              // the centre sees everything: 1 + … + 9
    CHECK(y[0] == Approx(1 + 2 + 4 + 5));   // a corner sees its 2x2 neighbourhood: 12
    CHECK(y[1] == Approx(1 + 2 + 3 + 4 + 5 + 6));  // an edge: 21
}

TEST_CASE("Conv2D backward matches central differences for several shapes", "[conv][grad]") {
    struct Case { Shape in; int filters, kernel; Padding padding; };
    const Case cases[] = {{{1, 6, 6}, 3, 3, Padding::Valid}, {{2, 5, 7}, 4, 3, Padding::Same},
                          {{3, 8, 8}, 2, 5, Padding::Valid}, {{2, 4, 4}, 3, 1, Padding::Same}};
    Rng rng(21);
    for (const Case& c : cases) {
        Conv2D conv(c.in, c.filters, c.kernel, c.padding);
        INFO("input " << c.in.channels << "x" << c.in.height << "x" << c.in.width << ", " << c.filters << " filters "
                      << c.kernel << "x" << c.kernel << (c.padding == Padding::Same ? " same" : " valid"));
        check_layer(conv, 2, rng);
    }
}

TEST_CASE("Conv2D on a batch of several groups gives each sample what it gets alone, forward and backward", "[conv][batch]") {
    // The layer multiplies groups of up to 16 samples at once; 70 samples make four full groups and a partial one.
    const int B = 70;
    Conv2D conv(Shape{2, 9, 9}, 3, 3, Padding::Same);
    Buffers buffers(conv);
    Rng rng(5);
    conv.initialize(rng, Init::He);
    const int in = conv.input_shape().size(), out = conv.output_shape().size();
    std::vector<float> x(size_t(in) * B), dy(size_t(out) * B), y(dy.size()), dx(x.size());
    for (auto& v : x) v = rng.normal();
    for (auto& v : dy) v = rng.normal();
    conv.forward(ConstMatMap(x.data(), in, B), MatMap(y.data(), out, B));
    conv.backward(ConstMatMap(x.data(), in, B), ConstMatMap(y.data(), out, B), ConstMatMap(dy.data(), out, B),
                  MatMap(dx.data(), in, B));
    const Mat dW_batch = conv.dW(), db_batch = conv.db();

    Mat dW_sum = Mat::Zero(dW_batch.rows(), dW_batch.cols()), db_sum = Mat::Zero(db_batch.rows(), 1);
    std::vector<float> y1(out), dx1(in);
    for (int s = 0; s < B; ++s) {
        const float* xs = x.data() + size_t(s) * in;
        const float* dys = dy.data() + size_t(s) * out;
        conv.forward(ConstMatMap(xs, in, 1), MatMap(y1.data(), out, 1));
        conv.backward(ConstMatMap(xs, in, 1), ConstMatMap(y1.data(), out, 1), ConstMatMap(dys, out, 1),
                      MatMap(dx1.data(), in, 1));
        dW_sum += conv.dW();
        db_sum += conv.db();
        for (int i = 0; i < out; ++i) REQUIRE_THAT(y[size_t(s) * out + i], Catch::Matchers::WithinAbs(y1[i], 1e-5));
        for (int i = 0; i < in; ++i) REQUIRE_THAT(dx[size_t(s) * in + i], Catch::Matchers::WithinAbs(dx1[i], 1e-5));
    }
    CHECK(dW_batch.isApprox(dW_sum, 1e-5f));
    CHECK(db_batch.isApprox(db_sum, 1e-5f));
}

TEST_CASE("Conv2D's scratch memory grows when a batch follows a single sample, with the same results", "[conv][batch]") {
    // A layer makes its scratch memory on first use, as large as that group needs: after one sample (a
    // prediction), a batch of 20 (a full group and part of another) needs more.
    const int B = 20;
    Conv2D grown(Shape{2, 9, 9}, 3, 3, Padding::Valid), fresh(Shape{2, 9, 9}, 3, 3, Padding::Valid);
    Buffers grown_buffers(grown), fresh_buffers(fresh);
    Rng rng(6);
    grown.initialize(rng, Init::He);
    fresh.W() = grown.W();
    fresh.b() = grown.b();
    const int in = grown.input_shape().size(), out = grown.output_shape().size();
    std::vector<float> x(size_t(in) * B), dy(size_t(out) * B);
    for (auto& v : x) v = rng.normal();
    for (auto& v : dy) v = rng.normal();
    std::vector<float> y1(out), dx1(in);
    grown.forward(ConstMatMap(x.data(), in, 1), MatMap(y1.data(), out, 1));
    grown.backward(ConstMatMap(x.data(), in, 1), ConstMatMap(y1.data(), out, 1), ConstMatMap(dy.data(), out, 1),
                   MatMap(dx1.data(), in, 1));

    Mat y[2], dx[2];
    Conv2D* layers[2] = {&grown, &fresh};
    for (int k = 0; k < 2; ++k) {
        y[k].resize(out, B);
        dx[k].resize(in, B);
        layers[k]->forward(ConstMatMap(x.data(), in, B), MatMap(y[k].data(), out, B));
        layers[k]->backward(ConstMatMap(x.data(), in, B), ConstMatMap(y[k].data(), out, B),
                            ConstMatMap(dy.data(), out, B), MatMap(dx[k].data(), in, B));
    }
    // The same within float rounding: a sum over a buffer may take its terms in another order where the buffer
    // starts at another alignment (Eigen's vectorized reductions), as a grown one may.
    CHECK(y[0].isApprox(y[1], 1e-6f));
    CHECK(dx[0].isApprox(dx[1], 1e-6f));
    CHECK(Mat(grown.dW()).isApprox(Mat(fresh.dW()), 1e-6f));
    CHECK(Mat(grown.db()).isApprox(Mat(fresh.db()), 1e-6f));
}

TEST_CASE("MaxPool2D keeps each 2x2 window's maximum", "[pool][forward]") {
    MaxPool2D pool(Shape{1, 4, 4});
    REQUIRE(pool.output_shape() == Shape{1, 2, 2});
    std::vector<float> x(16), y(4);
    std::iota(x.begin(), x.end(), 0.0f);  // rows 0..3, 4..7, 8..11, 12..15
    pool.forward(ConstMatMap(x.data(), 16, 1), MatMap(y.data(), 4, 1));
    REQUIRE(y == std::vector<float>{5, 7, 13, 15});
}

TEST_CASE("MaxPool2D backward matches central differences on inputs without ties", "[pool][grad]") {
    MaxPool2D pool(Shape{2, 6, 5});  // an odd width: the last column is dropped
    Rng rng(22);
    const int B = 2, n = 2 * 6 * 5 * B;
    std::vector<float> x(n);
    for (int i = 0; i < n; ++i) x[i] = 0.1f * float(i);  // distinct values 0.1 apart, far more than eps
    rng.shuffle(x.data(), x.size());
    check_layer(pool, B, rng, 0, &x);
}
