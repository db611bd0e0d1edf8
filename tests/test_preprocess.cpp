// Drawing → 28×28: a digit drawn anywhere, at any size, maps to nearly the same MNIST-style image.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>
#include "helpers.h"
#include "preprocess.h"

using namespace scratchnet;

namespace {

// Paints MNIST digit `i`, enlarged `scale` times (bilinear, like a smooth pen), onto a canvas at (left, top).
std::vector<uint8_t> draw_on_canvas(const Dataset& d, int i, int canvas, float scale, int left, int top) {
    std::vector<uint8_t> c(size_t(canvas) * canvas, 0);
    const uint8_t* img = d.image(i);
    auto px = [&](int x, int y) { return (x < 0 || y < 0 || x > 27 || y > 27) ? 0.0f : float(img[y * 28 + x]); };
    for (int y = 0; y < canvas; ++y)
        for (int x = 0; x < canvas; ++x) {
            const float sx = (x - left) / scale - 0.5f, sy = (y - top) / scale - 0.5f;
            const int x0 = int(std::floor(sx)), y0 = int(std::floor(sy));
            const float fx = sx - x0, fy = sy - y0;
            const float v = (1 - fy) * ((1 - fx) * px(x0, y0) + fx * px(x0 + 1, y0)) +
                            fy * ((1 - fx) * px(x0, y0 + 1) + fx * px(x0 + 1, y0 + 1));
            c[size_t(y) * canvas + x] = uint8_t(std::lround(v));
        }
    return c;
}

double mean_abs_difference(const std::vector<float>& a, const std::vector<float>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += std::abs(a[i] - b[i]);
    return s / a.size();
}

}  // namespace

TEST_CASE("one digit drawn at different positions and sizes maps to nearly the same 28x28", "[preprocess]") {
    const Dataset& test = test::mnist_test();
    for (int i : {0, 1, 2, 3, 4}) {  // a 7, a 2, a 1, a 0 and a 4
        std::vector<float> reference(784), moved(784);
        auto canvas = draw_on_canvas(test, i, 280, 10.0f, 0, 0);
        REQUIRE_FALSE(preprocess_drawing(canvas.data(), 280, 280, reference.data()).empty);

        struct Placement { float scale; int left, top; };
        for (Placement p : {Placement{6.0f, 100, 20}, Placement{4.0f, 0, 150}, Placement{9.0f, 30, 30},
                            Placement{3.0f, 190, 190}}) {
            canvas = draw_on_canvas(test, i, 280, p.scale, p.left, p.top);
            REQUIRE_FALSE(preprocess_drawing(canvas.data(), 280, 280, moved.data()).empty);
            INFO("digit " << i << " at scale " << p.scale << " and (" << p.left << ", " << p.top << ")");
            CHECK(mean_abs_difference(reference, moved) < 0.05);  // a digit's mean pixel is about 0.13
        }
        // And it is close to the MNIST original it came from.
        std::vector<float> original(784);
        for (int k = 0; k < 784; ++k) original[k] = test.image(i)[k] / 255.0f;
        CHECK(mean_abs_difference(reference, original) < 0.06);
    }
}

TEST_CASE("the output fits a 20x20 box with its centre of mass at the centre", "[preprocess]") {
    std::vector<uint8_t> canvas(300 * 200, 0);
    for (int y = 20; y < 180; ++y)
        for (int x = 200; x < 240; ++x) canvas[y * 300 + x] = 255;  // a tall bar, 40×160
    std::vector<float> out(784);
    const PreprocessResult r = preprocess_drawing(canvas.data(), 300, 200, out.data());
    REQUIRE_FALSE(r.empty);
    REQUIRE(r.ink_left == 200);
    REQUIRE(r.ink_height == 160);
    int top = 28, bottom = -1, left = 28, right = -1;
    double mass = 0, mx = 0, my = 0;
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const float v = out[y * 28 + x];
            if (v > 0) top = std::min(top, y), bottom = std::max(bottom, y), left = std::min(left, x), right = std::max(right, x);
            mass += v, mx += v * (x + 0.5), my += v * (y + 0.5);
        }
    REQUIRE(bottom - top + 1 == 20);  // the long side scaled to 20
    REQUIRE(right - left + 1 == 5);   // 40/160 of it, aspect kept
    REQUIRE(mx / mass == Approx(kMnistCentreX).margin(0.5));
    REQUIRE(my / mass == Approx(kMnistCentreY).margin(0.5));
}

TEST_CASE("MNIST's own centre of mass is where preprocessing puts a drawing's", "[preprocess][mnist]") {
    const Dataset& train = test::mnist_train();
    double sx = 0, sy = 0;
    for (int i = 0; i < train.count; ++i) {
        double mass = 0, mx = 0, my = 0;
        for (int p = 0; p < 784; ++p) {
            const double v = train.image(i)[p];
            mass += v, mx += v * (p % 28 + 0.5), my += v * (p / 28 + 0.5);
        }
        sx += mx / mass, sy += my / mass;
    }
    CHECK(sx / train.count == Approx(kMnistCentreX).margin(0.3));
    CHECK(sy / train.count == Approx(kMnistCentreY).margin(0.3));
}

TEST_CASE("an empty drawing, or a speck, is reported empty and not classified", "[preprocess]") {
    std::vector<uint8_t> canvas(280 * 280, 0);
    std::vector<float> out(784, 0.5f);
    REQUIRE(preprocess_drawing(canvas.data(), 280, 280, out.data()).empty);
    for (float v : out) REQUIRE(v == 0.0f);
    canvas[140 * 280 + 140] = canvas[140 * 280 + 141] = 255;  // a two-pixel speck
    REQUIRE(preprocess_drawing(canvas.data(), 280, 280, out.data()).empty);
    canvas[100 * 280 + 100] = 20;  // faint noise below the ink threshold
    REQUIRE(preprocess_drawing(canvas.data(), 280, 280, out.data()).empty);
}
