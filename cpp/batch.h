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

}  // namespace scratchnet
