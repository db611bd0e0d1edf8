// Random distortions of a 28×28 digit, applied per batch, so the network learns to read digits that are not
// centred MNIST scans: shifts, rotations, scaling, shear, and thinner or thicker strokes.
#pragma once
#include <cstdint>
#include "writing_styles.h"

namespace scratchnet {

class Rng;

struct AugmentConfig {
    float max_shift = 2.0f;            // pixels, each axis
    float max_rotation_degrees = 12.0f;
    float min_scale = 0.85f, max_scale = 1.1f;
    float max_shear = 0.15f;           // x += shear · y, for slanted writing
    float thickness_probability = 0.4f;  // half of these get thicker strokes, half thinner
    WritingStyles styles;              // strokes added before the distortions (flags on 1s, bars on 7s)
};

// src: 28×28 uint8 (0 = background); dst: 784 floats in [0, 1], the same layout as an undistorted sample.
void augment_image(const uint8_t* src, float* dst, Rng& rng, const AugmentConfig& config);

}  // namespace scratchnet
