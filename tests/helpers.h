// Shared by the Catch2 tests: where MNIST is, and small builders.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "dataset.h"

namespace scratchnet::test {

inline std::string mnist_dir() {
#ifdef SCRATCHNET_DATA_DIR
    return SCRATCHNET_DATA_DIR;
#else
    return "data/mnist";
#endif
}

// The real MNIST, loaded once per test binary. A missing cache fails the test with the fetch command.
inline const Dataset& mnist_train() {
    static const Dataset d = load_mnist(mnist_dir(), "train");
    return d;
}
inline const Dataset& mnist_test() {
    static const Dataset d = load_mnist(mnist_dir(), "test");
    return d;
}

// An IDX images file and a labels file holding samples [start, start + n) of a dataset, as the page sends them.
struct IdxChunk {
    std::vector<uint8_t> images, labels;
};
inline void put_be32(std::vector<uint8_t>& v, uint32_t x) {
    for (int i = 3; i >= 0; --i) v.push_back(uint8_t(x >> (8 * i)));
}
inline IdxChunk idx_chunk(const Dataset& d, int start, int n) {
    IdxChunk c;
    put_be32(c.images, 2051), put_be32(c.images, uint32_t(n)), put_be32(c.images, 28), put_be32(c.images, 28);
    c.images.insert(c.images.end(), d.image(start), d.image(start + n));
    put_be32(c.labels, 2049), put_be32(c.labels, uint32_t(n));
    c.labels.insert(c.labels.end(), d.labels.begin() + start, d.labels.begin() + start + n);
    return c;
}

}  // namespace scratchnet::test
