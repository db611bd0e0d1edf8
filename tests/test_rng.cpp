// The seeded RNG: reproducible, and its distributions have the right shape.
#include <catch2/catch.hpp>
#include <algorithm>
#include <numeric>
#include <vector>
#include "rng.h"

using namespace scratchnet;

TEST_CASE("the same seed gives the same sequence, another seed a different one", "[rng]") {
    Rng a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const uint32_t x = a.next_u32();
        REQUIRE(x == b.next_u32());
        differs |= x != c.next_u32();
    }
    REQUIRE(differs);
}

TEST_CASE("PCG32 matches the reference implementation's first outputs", "[rng]") {
    // pcg32_srandom_r(&rng, 42, 54) from pcg-random.org's pcg32-demo prints these.
    Rng rng(42, 54);
    const uint32_t expected[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e};
    for (uint32_t e : expected) REQUIRE(rng.next_u32() == e);
}

TEST_CASE("uniform floats stay below 1 and below(n) below n", "[rng]") {
    Rng rng(7);
    double sum = 0;
    for (int i = 0; i < 100000; ++i) {
        const float u = rng.uniform();
        REQUIRE(u >= 0.0f);
        REQUIRE(u < 1.0f);
        sum += u;
        REQUIRE(rng.below(10) < 10u);
    }
    REQUIRE(sum / 100000 == Approx(0.5).margin(0.01));
}

TEST_CASE("normal samples have mean 0 and variance 1", "[rng]") {
    Rng rng(9);
    double sum = 0, sq = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double x = rng.normal();
        sum += x, sq += x * x;
    }
    REQUIRE(sum / n == Approx(0).margin(0.01));
    REQUIRE(sq / n == Approx(1).margin(0.02));
}

TEST_CASE("shuffle gives a permutation, different for different seeds", "[rng]") {
    std::vector<int> a(100), b(100);
    std::iota(a.begin(), a.end(), 0);
    std::iota(b.begin(), b.end(), 0);
    Rng r1(1), r2(2);
    r1.shuffle(a.data(), a.size());
    r2.shuffle(b.data(), b.size());
    REQUIRE(a != b);
    std::sort(a.begin(), a.end());
    for (int i = 0; i < 100; ++i) REQUIRE(a[i] == i);
}
