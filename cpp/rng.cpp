// PCG32 (O'Neill, pcg-random.org, "pcg32_random_r") and the float conversions built on it.
#include "rng.h"
#include <cmath>

namespace scratchnet {

void Rng::reseed(uint64_t seed, uint64_t stream) {
    state_ = 0;
    inc_ = (stream << 1u) | 1u;
    next_u32();
    state_ += seed;
    next_u32();
    has_spare_ = false;
}

uint32_t Rng::next_u32() {
    uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    uint32_t xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = static_cast<uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

uint32_t Rng::below(uint32_t n) {
    // Rejection sampling: drop the top partial range so every value is equally likely.
    uint32_t threshold = (0u - n) % n;
    for (;;) {
        uint32_t r = next_u32();
        if (r >= threshold) return r % n;
    }
}

float Rng::uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }

float Rng::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_normal_;
    }
    // Polar method: only sqrt (exact in IEEE) and log, so native and wasm agree to the last bit or two.
    double u, v, s;
    do {
        u = 2.0 * (next_u32() * (1.0 / 4294967296.0)) - 1.0;
        v = 2.0 * (next_u32() * (1.0 / 4294967296.0)) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double m = std::sqrt(-2.0 * std::log(s) / s);
    spare_normal_ = static_cast<float>(v * m);
    has_spare_ = true;
    return static_cast<float>(u * m);
}

}  // namespace scratchnet
