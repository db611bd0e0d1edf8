// Finding the rows of a batch that are not zero, and the two products over them (see nonzero_rows.h).
#include "nonzero_rows.h"
#include <algorithm>
#include <cstdint>
#include <cstring>

namespace scratchnet {

void NonzeroRows::add(int row) {
    if (count > 0 && (row - runs[count - 1].end <= kLongestGapTakenIn || count == kMostRuns))
        runs[count - 1].end = row + 1;  // the last run grows over the gap
    else
        runs[count++] = {row, row + 1};
}

// A row is zero when every sample's value there has all bits zero: the bits are or-ed over the samples, a
// chunk of rows at a time (one column after another, as they lie in memory, 4 floats at a time with SIMD). A -0
// or a NaN counts as nonzero, so it still reaches the products.
NonzeroRows nonzero_rows(ConstMatRef x) {
    NonzeroRows found;
    constexpr Index kChunk = 256;
    uint32_t bits[kChunk];
    for (Index chunk = 0; chunk < x.rows(); chunk += kChunk) {
        const Index n = std::min(kChunk, x.rows() - chunk);
        std::fill(bits, bits + n, 0u);
        for (Index b = 0; b < x.cols(); ++b) {
            const float* column = x.data() + b * x.outerStride() + chunk;
            for (Index r = 0; r < n; ++r) {
                uint32_t value;
                std::memcpy(&value, column + r, sizeof value);
                bits[r] |= value;
            }
        }
        for (Index r = 0; r < n; ++r)
            if (bits[r] != 0) found.add(int(chunk + r));
    }
    return found;
}

// The products below call Eigen's own matrix-product kernel (the one behind every Eigen product, `gebp`) on
// operands they pack themselves, as Eigen's product does: so the nonzero rows, in runs, are one inner dimension.
namespace {
namespace ei = Eigen::internal;
using Traits = ei::gebp_traits<float, float>;
using ColMajorOperand = ei::const_blas_data_mapper<float, Index, Eigen::ColMajor>;
using RowMajorOperand = ei::const_blas_data_mapper<float, Index, Eigen::RowMajor>;
using Result = ei::blas_data_mapper<float, Index, Eigen::ColMajor, Eigen::Unaligned, 1>;
// Packing a run of rows at its place in the whole inner dimension ("panel mode": stride and offset).
using PackLeftRun = ei::gemm_pack_lhs<float, Index, ColMajorOperand, Traits::mr, Traits::LhsProgress,
                                      Traits::LhsPacket4Packing, Eigen::ColMajor, false, true>;
using PackRightRun = ei::gemm_pack_rhs<float, Index, ColMajorOperand, Traits::nr, Eigen::ColMajor, false, true>;
using PackLeft = ei::gemm_pack_lhs<float, Index, ColMajorOperand, Traits::mr, Traits::LhsProgress,
                                   Traits::LhsPacket4Packing, Eigen::ColMajor>;
using PackRightTransposed = ei::gemm_pack_rhs<float, Index, RowMajorOperand, Traits::nr, Eigen::RowMajor>;
using Kernel = ei::gebp_kernel<float, float, Index, Result, Traits::mr, Traits::nr>;

// Columns of x packed at a time when product_over_rows packs for itself, and samples of dW = dy xᵀ at a time:
// they bound each thread's packing buffers (the story's full batch has 60,000 columns).
constexpr Index kColumnsPacked = 512;
constexpr Index kSamplesPacked = 512;

// Each thread's packing buffers, grown to the largest operand and reused.
thread_local AlignedFloats packed_left, packed_right;
thread_local PackedRows packed_batch;

float* at_least(AlignedFloats& buffer, Index floats) {
    if (Index(buffer.size()) < floats) buffer.resize(size_t(floats));
    return buffer.data();
}
}  // namespace

void PackedRows::pack(ConstMatRef x, const NonzeroRows& rows) {
    rows_ = rows;
    cols_ = x.cols();
    depth_ = 0;
    for (const NonzeroRows::Run& run : rows) depth_ += run.end - run.first;
    float* packed = at_least(packed_, x.rows() * x.cols());
    Index offset = 0;
    for (const NonzeroRows::Run& run : rows) {
        const Index count = run.end - run.first;
        PackRightRun()(packed, ColMajorOperand(x.data() + run.first, x.outerStride()), count, cols_, depth_, offset);
        offset += count;
    }
}

// y = Σ over the runs of W[:, run] x[run, :], as one product: W's runs of columns packed one after another.
void product_over_rows(ConstMatRef W, const PackedRows& x, MatRef y) {
    const Index rows = W.rows(), depth = x.depth();
    float* left = at_least(packed_left, rows * W.cols());
    Index offset = 0;
    for (const NonzeroRows::Run& run : x.rows()) {
        const Index count = run.end - run.first;
        PackLeftRun()(left, ColMajorOperand(W.data() + run.first * W.outerStride(), W.outerStride()), count, rows,
                      depth, offset);
        offset += count;
    }
    y.setZero();  // the kernel adds to y
    if (depth > 0)
        Kernel()(Result(y.data(), y.outerStride()), left, x.data(), rows, depth, x.cols(), 1.0f, depth, depth);
}

void product_over_rows(ConstMatRef W, ConstMatRef x, const NonzeroRows& rows, MatRef y) {
    for (Index first = 0; first < x.cols(); first += kColumnsPacked) {
        const Index count = std::min(kColumnsPacked, x.cols() - first);
        packed_batch.pack(x.middleCols(first, count), rows);
        product_over_rows(W, packed_batch, y.middleCols(first, count));
    }
}

// dW[:, run] = dy x[run, :]ᵀ for each run, with dy packed once for all of them (per block of samples).
void gradient_over_rows(ConstMatRef dy, ConstMatRef x, const NonzeroRows& rows, MatRef dW) {
    dW.setZero();  // the columns of the rows skipped stay so; the kernel adds to the others
    const Index units = dy.rows();
    for (Index first = 0; first < dy.cols(); first += kSamplesPacked) {
        const Index samples = std::min(kSamplesPacked, dy.cols() - first);
        float* left = at_least(packed_left, units * samples);
        PackLeft()(left, ColMajorOperand(dy.data() + first * dy.outerStride(), dy.outerStride()), samples, units);
        for (const NonzeroRows::Run& run : rows) {
            const Index count = run.end - run.first;
            float* right = at_least(packed_right, samples * count);
            // x[run, samples]ᵀ: row b of it is sample b's pixels of the run, contiguous in x
            PackRightTransposed()(right,
                                  RowMajorOperand(x.data() + first * x.outerStride() + run.first, x.outerStride()),
                                  samples, count);
            Kernel()(Result(dW.data() + run.first * dW.outerStride(), dW.outerStride()), left, right, units,
                     samples, count, 1.0f);
        }
    }
}

}  // namespace scratchnet
