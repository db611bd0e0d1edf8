// Matrix types shared by every layer: float32, column-major, one sample per column.
// Not a tensor library: just names for the Eigen views the layers compute with.
#pragma once
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace scratchnet {

using Index = Eigen::Index;
using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;  // column-major
using Vec = Eigen::Matrix<float, Eigen::Dynamic, 1>;
using MatMap = Eigen::Map<Mat>;
using ConstMatMap = Eigen::Map<const Mat>;
using VecMap = Eigen::Map<Vec>;
using ConstVecMap = Eigen::Map<const Vec>;

// The shape of one sample's features: channels × height × width (an MLP's hidden layer is 128 × 1 × 1).
// A batch of B samples is stored as a (size() × B) column-major matrix, each column laid out C, H, W.
struct Shape {
    int channels = 0, height = 1, width = 1;
    int size() const { return channels * height * width; }
    bool operator==(const Shape& o) const {
        return channels == o.channels && height == o.height && width == o.width;
    }
};

// A float buffer that starts on a cache line (64 bytes), for the buffers threads split between them (parameters,
// gradients, optimizer state): split at multiples of 16 floats, no two threads then write to one line.
template <class T>
struct CacheLineAllocator {
    using value_type = T;
    static constexpr std::align_val_t kAlignment{64};
    CacheLineAllocator() = default;
    template <class U>
    CacheLineAllocator(const CacheLineAllocator<U>&) {}
    T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
    void deallocate(T* p, size_t) { ::operator delete(p, kAlignment); }
    bool operator==(const CacheLineAllocator&) const { return true; }
    bool operator!=(const CacheLineAllocator&) const { return false; }
};
using AlignedFloats = std::vector<float, CacheLineAllocator<float>>;

}  // namespace scratchnet
