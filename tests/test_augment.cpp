// Augmentation: valid pixels, the identity when every distortion is off, and reproducible from the seed.
#include <catch2/catch.hpp>
#include <vector>
#include "augment.h"
#include "helpers.h"
#include "rng.h"

using namespace scratchnet;

TEST_CASE("with every distortion off, augmentation returns the image scaled to 0..1", "[augment]") {
    const Dataset& d = test::mnist_test();
    AugmentConfig none;
    none.max_shift = 0, none.max_rotation_degrees = 0, none.min_scale = none.max_scale = 1, none.max_shear = 0;
    none.thickness_probability = 0;
    Rng rng(1);
    std::vector<float> out(784);
    augment_image(d.image(0), out.data(), rng, none);
    for (int p = 0; p < 784; ++p) REQUIRE(out[p] == Approx(d.image(0)[p] / 255.0f).margin(1e-5));
}

TEST_CASE("augmented images stay within 0..1, keep most of the ink, and differ from the original", "[augment]") {
    const Dataset& d = test::mnist_test();
    Rng rng(2);
    AugmentConfig config;
    std::vector<float> out(784);
    for (int i = 0; i < 200; ++i) {
        augment_image(d.image(i), out.data(), rng, config);
        double ink_in = 0, ink_out = 0, diff = 0;
        for (int p = 0; p < 784; ++p) {
            REQUIRE(out[p] >= 0.0f);
            REQUIRE(out[p] <= 1.0f);
            ink_in += d.image(i)[p] / 255.0, ink_out += out[p], diff += std::abs(out[p] - d.image(i)[p] / 255.0);
        }
        REQUIRE(ink_out > 0.4 * ink_in);
        REQUIRE(ink_out < 2.0 * ink_in);
        REQUIRE(diff > 0);
    }
}

TEST_CASE("the same seed gives the same augmented image", "[augment]") {
    const Dataset& d = test::mnist_test();
    Rng a(5), b(5);
    std::vector<float> x(784), y(784);
    augment_image(d.image(3), x.data(), a, AugmentConfig{});
    augment_image(d.image(3), y.data(), b, AugmentConfig{});
    REQUIRE(x == y);
}
