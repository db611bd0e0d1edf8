#include "fine_tune.h"
#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace scratchnet {

Dataset mix_for_fine_tuning(const Dataset& mine, int repeats, const Dataset& base, int base_samples, Rng& rng) {
    if (mine.count <= 0) throw std::runtime_error("fine-tuning: there are no digits of your own to learn from");
    if (repeats < 1) throw std::runtime_error("fine-tuning: repeats must be at least 1");
    if (base.count > 0 && base.pixels() != mine.pixels())
        throw std::runtime_error("fine-tuning: your digits and the training set differ in size");
    std::vector<uint32_t> picked(size_t(std::max(base.count, 0)));
    std::iota(picked.begin(), picked.end(), 0u);
    rng.shuffle(picked.data(), picked.size());
    picked.resize(size_t(std::clamp(base_samples, 0, base.count)));

    Dataset mix;
    mix.rows = mine.rows, mix.cols = mine.cols;
    mix.count = mine.count * repeats + int(picked.size());
    mix.images.reserve(size_t(mix.count) * size_t(mix.pixels()));
    mix.labels.reserve(size_t(mix.count));
    for (int r = 0; r < repeats; ++r) {
        mix.images.insert(mix.images.end(), mine.images.begin(), mine.images.end());
        mix.labels.insert(mix.labels.end(), mine.labels.begin(), mine.labels.end());
    }
    for (uint32_t i : picked) {
        mix.images.insert(mix.images.end(), base.image(int(i)), base.image(int(i)) + base.pixels());
        mix.labels.push_back(base.labels[i]);
    }
    return mix;
}

}  // namespace scratchnet
