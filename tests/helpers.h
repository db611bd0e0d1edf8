// Shared by the Catch2 tests: where MNIST is, and small builders.
#pragma once
#include <string>
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

}  // namespace scratchnet::test
