// Batch gathering: the only place dataset bytes become network inputs during training.
#include "batch.h"
#include <algorithm>
#include "rng.h"
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

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
            scale_pixels(src, dst, P);
        }
    }
}

void gather_rows(const Dataset& data, const uint32_t* indices, int B, int first, int end, float* input) {
    const int P = data.pixels();
    for (int b = 0; b < B; ++b) {
        const uint8_t* src = data.image(static_cast<int>(indices[b]));
        float* dst = input + size_t(b) * P;
        scale_pixels(src + first, dst + first, end - first);
    }
}

void prefetch_rows(const Dataset& data, const uint32_t* indices, int B, int first, int end) {
    constexpr int kCacheLine = 64;
    if (first >= end) return;
    uint8_t any = 0;
    for (int b = 0; b < B; ++b) {
        const uint8_t* src = data.image(static_cast<int>(indices[b]));
        for (int p = first; p < end; p += kCacheLine) any |= src[p];
        any |= src[end - 1];
    }
    volatile uint8_t keep = any;  // so that the reads are not optimized away
    (void)keep;
}

void scale_pixels(const uint8_t* src, float* dst, int n) {
    int i = 0;
#if defined(__wasm_simd128__)
    // Widened to 32-bit ints, each is made a float without a conversion instruction: or-ed into the mantissa of
    // 2^23, then 2^23 subtracted (exact for 0..255). Clang 14 turns a written conversion back into one lane at a
    // time, as it does with the plain loop below.
    const v128_t two_23_bits = wasm_i32x4_splat(0x4B000000), two_23 = wasm_f32x4_splat(8388608.0f);
    const v128_t scale = wasm_f32x4_splat(1.0f / 255.0f);
    for (; i + 16 <= n; i += 16) {  // 16 bytes → 2 × 8 shorts → 4 × 4 ints → 4 × 4 floats
        const v128_t bytes = wasm_v128_load(src + i);
        const v128_t shorts[2] = {wasm_u16x8_extend_low_u8x16(bytes), wasm_u16x8_extend_high_u8x16(bytes)};
        for (int h = 0; h < 2; ++h) {
            const v128_t ints[2] = {wasm_u32x4_extend_low_u16x8(shorts[h]), wasm_u32x4_extend_high_u16x8(shorts[h])};
            for (int q = 0; q < 2; ++q) {
                const v128_t value = wasm_f32x4_sub(wasm_v128_or(ints[q], two_23_bits), two_23);
                wasm_v128_store(dst + i + 8 * h + 4 * q, wasm_f32x4_mul(value, scale));
            }
        }
    }
#pragma clang loop vectorize(disable)  // the last pixels: vectorized, they would be the slow lanes again
#endif
    for (; i < n; ++i) dst[i] = src[i] * (1.0f / 255.0f);
}

}  // namespace scratchnet
