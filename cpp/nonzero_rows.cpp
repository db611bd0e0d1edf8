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

// y = Σ over the runs of W[:, run] x[run, :]. (Eigen's y = W x also zeroes y first, then adds the product.)
void product_over_rows(ConstMatRef W, ConstMatRef x, const NonzeroRows& rows, MatRef y) {
    y.setZero();
    for (const NonzeroRows::Run& run : rows) {
        const Index first = run.first, count = run.end - run.first;
        y.noalias() += W.middleCols(first, count) * x.middleRows(first, count);
    }
}

void gradient_over_rows(ConstMatRef dy, ConstMatRef x, const NonzeroRows& rows, MatRef dW) {
    Index done = 0;  // dW's columns before this are written
    for (const NonzeroRows::Run& run : rows) {
        const Index first = run.first, count = run.end - run.first;
        dW.middleCols(done, first - done).setZero();
        dW.middleCols(first, count).noalias() = dy * x.middleRows(first, count).transpose();
        done = run.end;
    }
    dW.rightCols(dW.cols() - done).setZero();
}

}  // namespace scratchnet
