// The first layer's two products, W x and dW = dy xᵀ, over only the inputs that are not zero in every sample of
// the batch. A digit's border is blank: at batch 64, about 290 of MNIST's 784 pixels are zero in all 64 images. A
// zero input adds nothing to W x, and its column of dW is zero, so the products skip those rows of x. Measured
// on real MNIST batches of 64 (the two products alone): 1.34-1.40x as fast natively and in wasm.
#pragma once
#include <array>
#include "tensor.h"

namespace scratchnet {

// Views that can also be a block of a matrix (a run of its rows or columns), without a copy.
using MatRef = Eigen::Ref<Mat, 0, Eigen::OuterStride<>>;
using ConstMatRef = Eigen::Ref<const Mat, 0, Eigen::OuterStride<>>;

// The rows of a batch (rows × B) that are nonzero in at least one sample, as runs [first, end) in order.
struct NonzeroRows {
    // A gap of up to this many zero rows is taken into the run around it, multiplied rather than skipped: each
    // run is packed on its own, and in dW = dy xᵀ multiplied on its own, each with a cost of its own. On MNIST
    // batches of 64, with one product per run (before PackedRows), taking in gaps of up to 0-4 rows gave
    // 1.34-1.40x; up to 8, 1.21x (fewer rows skipped).
    static constexpr int kLongestGapTakenIn = 4;
    // Held in place, so finding them allocates nothing. With more runs than this, the last one takes in every
    // row after it: the products are still right, only slower.
    static constexpr int kMostRuns = 64;

    struct Run {
        int first, end;
    };
    std::array<Run, kMostRuns> runs;
    int count = 0;

    void add(int row);  // rows in increasing order
    const Run* begin() const { return runs.data(); }
    const Run* end() const { return runs.data() + count; }
};
NonzeroRows nonzero_rows(ConstMatRef x);

// A batch's nonzero rows, packed as the right operand of y = W x: one after another, in the layout of Eigen's
// matrix-product kernel (panels of a few columns). The product is then one kernel call over all of them, not one
// product per run, and threads that each multiply their own rows of W by the same batch share one packing
// (HiddenUnitSplit packs each step's batch once). Measured at batch 64 on MNIST (README, Measured figures):
// natively training runs 7% faster on one thread and 19% on two (medians); in wasm under node the products
// take 6-7% less (128 rows of W) and 20% less (64 rows, the batch packed beforehand); in Chromium, whose V8 runs
// one product per run about as fast, no difference.
class PackedRows {
public:
    // Packs `rows` of x. The buffer grows to x's size the first time and is reused after.
    void pack(ConstMatRef x, const NonzeroRows& rows);
    const NonzeroRows& rows() const { return rows_; }
    Index depth() const { return depth_; }  // rows packed: the product's inner dimension
    Index cols() const { return cols_; }
    const float* data() const { return packed_.data(); }

private:
    NonzeroRows rows_;
    Index depth_ = 0, cols_ = 0;
    AlignedFloats packed_;
};

// y = W x, over x's packed nonzero rows.
void product_over_rows(ConstMatRef W, const PackedRows& x, MatRef y);
// y = W x, over `rows` of x (those of x's rows that are not zero: nonzero_rows(x)), packed on this thread.
void product_over_rows(ConstMatRef W, ConstMatRef x, const NonzeroRows& rows, MatRef y);
// dW = dy xᵀ, over `rows` of x; dW's other columns are zero.
void gradient_over_rows(ConstMatRef dy, ConstMatRef x, const NonzeroRows& rows, MatRef dW);

}  // namespace scratchnet
