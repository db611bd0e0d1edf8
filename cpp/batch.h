// Gathering a mini-batch: samples picked by index from the uint8 dataset straight into the network's
// float input buffer (one column per sample), optionally distorted by augmentation.
#pragma once
#include <cstdint>
#include "augment.h"
#include "dataset.h"

namespace scratchnet {

class Rng;

// input: (784 × B) column-major, i.e. B consecutive images of 784 floats; labels: B bytes.
// augment == nullptr: pixels are just scaled to [0, 1].
void gather_batch(const Dataset& data, const uint32_t* indices, int B, float* input, uint8_t* labels,
                  const AugmentConfig* augment, Rng& rng);

// Pixels [first, end) of every sample's column, scaled to [0, 1], no augmentation: for a thread that works on
// that run of a dense first layer's inputs over the whole batch (and reads no other). Labels are left alone.
void gather_rows(const Dataset& data, const uint32_t* indices, int B, int first, int end, float* input);

// Reads pixels [first, end) of these samples' images without using them, so a later gather finds them in cache.
// Images are picked at random from 47 MB, so each one the gather meets misses the cache; it meets them one at a
// time, while these reads overlap (and a step's arithmetic runs while they arrive). Call it a step ahead.
// An empty run (first >= end) reads nothing.
void prefetch_rows(const Dataset& data, const uint32_t* indices, int B, int first, int end);

// dst[i] = src[i] × (1/255) for n pixels: in wasm 16 at a time with SIMD (clang 14 would do one lane at a time).
void scale_pixels(const uint8_t* src, float* dst, int n);

}  // namespace scratchnet
