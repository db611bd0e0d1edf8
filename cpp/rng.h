// Our own small seeded random number generator (PCG32) and the few distributions we need.
// Not std::*_distribution: those differ between libstdc++ (native) and libc++ (Emscripten).
#pragma once
#include <cstdint>
#include <cstddef>

namespace scratchnet {

class Rng {
public:
    explicit Rng(uint64_t seed = 1, uint64_t stream = 54) { reseed(seed, stream); }
    void reseed(uint64_t seed, uint64_t stream = 54);

    uint32_t next_u32();
    uint32_t below(uint32_t n);   // uniform in [0, n), unbiased
    float uniform();              // [0, 1), 24 random bits
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
    float normal();               // mean 0, variance 1 (Marsaglia polar method)

    template <typename T>
    void shuffle(T* items, size_t n) {  // Fisher-Yates
        for (size_t i = n; i > 1; --i) {
            size_t j = below(static_cast<uint32_t>(i));
            T tmp = items[i - 1];
            items[i - 1] = items[j];
            items[j] = tmp;
        }
    }

private:
    uint64_t state_ = 0, inc_ = 0;
    float spare_normal_ = 0;
    bool has_spare_ = false;
};

}  // namespace scratchnet
