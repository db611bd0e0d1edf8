// Fine-tuning on someone's own handwriting: a handful of their digits, repeated, mixed with a random sample of
// MNIST, so the network learns their style without forgetting everyone else's.
#pragma once
#include "dataset.h"
#include "rng.h"

namespace scratchnet {

// `mine` repeated `repeats` times, then `base_samples` samples of `base` drawn at random without replacement
// (all of base if it has fewer). The trainer shuffles the whole set every epoch, so the two are interleaved.
Dataset mix_for_fine_tuning(const Dataset& mine, int repeats, const Dataset& base, int base_samples, Rng& rng);

}  // namespace scratchnet
