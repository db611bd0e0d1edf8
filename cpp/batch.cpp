// Batch gathering: the only place dataset bytes become network inputs during training.
#include "batch.h"
#include <algorithm>
#include "rng.h"

namespace scratchnet {

void gather_batch(const Dataset& data, const uint32_t* indices, int B, float* input, uint8_t* labels,
                  const AugmentConfig* augment, Rng& rng) {
    const int P = data.pixels();
    for (int b = 0; b < B; ++b) {
        const uint8_t* src = data.image(static_cast<int>(indices[b]));
        float* dst = input + size_t(b) * P;
        labels[b] = data.labels[indices[b]];
        if (augment) {
            uint8_t styled[28 * 28];
            std::copy(src, src + P, styled);
            add_writing_style(styled, labels[b], rng, augment->styles);
            augment_image(styled, dst, rng, *augment);
        } else {
            for (int p = 0; p < P; ++p) dst[p] = src[p] * (1.0f / 255.0f);
        }
    }
}

void gather_rows(const Dataset& data, const uint32_t* indices, int B, int first, int end, float* input) {
    const int P = data.pixels();
    for (int b = 0; b < B; ++b) {
        const uint8_t* src = data.image(static_cast<int>(indices[b]));
        float* dst = input + size_t(b) * P;
        for (int p = first; p < end; ++p) dst[p] = src[p] * (1.0f / 255.0f);
    }
}

}  // namespace scratchnet
