// The first layer's products over only the inputs that are not zero somewhere in the batch (nonzero_rows.h).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>
#include "batch.h"
#include "helpers.h"
#include "nonzero_rows.h"
#include "rng.h"

using namespace scratchnet;

namespace {
std::vector<std::pair<int, int>> runs_of(const NonzeroRows& rows) {
    std::vector<std::pair<int, int>> runs;
    for (const NonzeroRows::Run& run : rows) runs.push_back({run.first, run.end});
    return runs;
}

// MNIST training images index_step·b + first, b = 0 … B − 1, as a batch (pixels × B).
Mat mnist_batch(int B, uint32_t index_step, uint32_t first) {
    const Dataset& data = test::mnist_train();
    std::vector<uint32_t> indices(B);
    for (int b = 0; b < B; ++b) indices[b] = uint32_t(b) * index_step + first;
    Mat x(data.pixels(), B);
    std::vector<uint8_t> labels(B);
    Rng unused(1);  // drawn from only with augmentation
    gather_batch(data, indices.data(), B, x.data(), labels.data(), nullptr, unused);
    return x;
}
}  // namespace

TEST_CASE("nonzero_rows: runs of rows nonzero in some sample, short gaps taken in", "[nonzero_rows]") {
    Mat x = Mat::Zero(20, 3);
    x(2, 0) = 0.5f, x(3, 0) = 1.0f;  // sample 0
    x(5, 1) = 0.25f;                 // sample 1: a gap of one zero row after row 3, multiplied rather than skipped
    x(12, 2) = -1.0f;                // sample 2: six zero rows before it, skipped
    x(19, 0) = -0.0f;                // not all bits zero: kept
    using Runs = std::vector<std::pair<int, int>>;
    CHECK(runs_of(nonzero_rows(x)) == Runs{{2, 6}, {12, 13}, {19, 20}});
    CHECK(runs_of(nonzero_rows(x.middleRows(4, 10))) == Runs{{1, 2}, {8, 9}});  // a block of rows, its own numbering
    CHECK(nonzero_rows(Mat::Zero(20, 3)).count == 0);
    CHECK(runs_of(nonzero_rows(Mat::Ones(300, 2))) == Runs{{0, 300}});  // across the chunks it scans by
}

TEST_CASE("nonzero_rows: past the most runs it holds, the last run takes in every row after it", "[nonzero_rows]") {
    const int runs = NonzeroRows::kMostRuns + 10, spacing = NonzeroRows::kLongestGapTakenIn + 2;
    Mat x = Mat::Zero(runs * spacing, 2);
    for (int r = 0; r < runs; ++r) x(r * spacing, r % 2) = 1.0f;
    const NonzeroRows rows = nonzero_rows(x);
    REQUIRE(rows.count == NonzeroRows::kMostRuns);
    CHECK(rows.runs[0].first == 0);
    CHECK(rows.runs[0].end == 1);
    CHECK(rows.runs[rows.count - 1].first == (NonzeroRows::kMostRuns - 1) * spacing);
    CHECK(rows.runs[rows.count - 1].end == (runs - 1) * spacing + 1);
}

TEST_CASE("the products over nonzero rows are the full products, on a real MNIST batch", "[nonzero_rows]") {
    const int B = 64, in = test::mnist_train().pixels(), out = 128;
    const Mat x = mnist_batch(B, 911, 0);
    Mat W(out, in), dy(out, B);
    for (Index i = 0; i < W.size(); ++i) W.data()[i] = std::sin(0.37f * float(i));
    for (Index i = 0; i < dy.size(); ++i) dy.data()[i] = std::cos(0.11f * float(i));

    const NonzeroRows rows = nonzero_rows(x);
    Index kept = 0;
    for (const NonzeroRows::Run& run : rows) kept += run.end - run.first;
    INFO("pixels kept: " << kept << " of " << in << ", in " << rows.count << " runs");
    CHECK(kept < in - 150);  // a digit's border is blank: at batch 64, 259-323 pixels are zero in every image

    const float garbage = std::numeric_limits<float>::quiet_NaN();  // every output must be written
    Mat y = Mat::Constant(out, B, garbage), dW = Mat::Constant(out, in, garbage);
    product_over_rows(W, x, rows, y);
    gradient_over_rows(dy, x, rows, dW);
    const Mat y_full = W * x, dW_full = dy * x.transpose();
    CHECK(y.allFinite());
    CHECK(dW.allFinite());
    CHECK((y - y_full).cwiseAbs().maxCoeff() <= 1e-4f * (1.0f + y_full.cwiseAbs().maxCoeff()));
    CHECK((dW - dW_full).cwiseAbs().maxCoeff() <= 1e-4f * (1.0f + dW_full.cwiseAbs().maxCoeff()));
    for (Index p = 0; p < in; ++p)  // a pixel blank in every image: its gradient is exactly zero
        if (x.row(p).isZero(0.0f)) CHECK(dW.col(p).isZero(0.0f));
}

TEST_CASE("a batch packed once gives each run of W's rows what the whole W gives them", "[nonzero_rows]") {
    // What the hidden-unit split relies on: each thread multiplies its own rows of W1 by the step's batch, packed
    // once, and gets what one thread gets for those rows, up to the last bits: where a run of rows ends decides
    // which of the kernel's paths (12, 8 or 4 rows at a time) some rows take, and those group sums differently
    // (as one Eigen product per run did; natively an even split gives the same bits, in wasm not).
    const int B = 64, in = test::mnist_train().pixels(), out = 128;
    const Mat x = mnist_batch(B, 577, 3);
    Mat W(out, in);
    for (Index i = 0; i < W.size(); ++i) W.data()[i] = std::sin(0.29f * float(i));
    Mat whole(out, B);
    product_over_rows(W, x, nonzero_rows(x), whole);  // packed on this thread

    PackedRows packed;
    packed.pack(x, nonzero_rows(x));
    for (int first : {60, 64, 68}) {
        INFO("rows 0-" << first << " and " << first << "-" << out);
        Mat top(first, B), bottom(out - first, B);
        product_over_rows(W.topRows(first), packed, top);
        product_over_rows(W.bottomRows(out - first), packed, bottom);
        const float tolerance = 1e-5f * whole.cwiseAbs().maxCoeff();
        CHECK((top - whole.topRows(first)).cwiseAbs().maxCoeff() <= tolerance);
        CHECK((bottom - whole.bottomRows(out - first)).cwiseAbs().maxCoeff() <= tolerance);
    }
}

TEST_CASE("the products over nonzero rows of a batch larger than what is packed at a time", "[nonzero_rows]") {
    // 1100 samples: product_over_rows packs x's columns, and gradient_over_rows dy's, 512 at a time.
    const int B = 1100, in = 40, out = 12;
    Mat x = Mat::Zero(in, B), W(out, in), dy(out, B);
    for (Index b = 0; b < B; ++b)
        for (Index p = 5; p < 33; ++p)
            if ((p * 7 + b) % 3 != 0) x(p, b) = std::cos(0.01f * float(p * B + b));
    for (Index i = 0; i < W.size(); ++i) W.data()[i] = std::sin(0.37f * float(i));
    for (Index i = 0; i < dy.size(); ++i) dy.data()[i] = std::cos(0.11f * float(i));
    const NonzeroRows rows = nonzero_rows(x);
    Mat y(out, B), dW = Mat::Constant(out, in, 7.0f);
    product_over_rows(W, x, rows, y);
    gradient_over_rows(dy, x, rows, dW);
    const Mat y_full = W * x, dW_full = dy * x.transpose();
    CHECK((y - y_full).cwiseAbs().maxCoeff() <= 1e-4f * (1.0f + y_full.cwiseAbs().maxCoeff()));
    CHECK((dW - dW_full).cwiseAbs().maxCoeff() <= 1e-4f * (1.0f + dW_full.cwiseAbs().maxCoeff()));
    CHECK(dW.leftCols(5).isZero(0.0f));
    CHECK(dW.rightCols(in - 33).isZero(0.0f));
}

TEST_CASE("the products over nonzero rows of an all-zero batch are zero", "[nonzero_rows]") {
    const Mat x = Mat::Zero(30, 4), W = Mat::Ones(5, 30), dy = Mat::Ones(5, 4);
    Mat y = Mat::Constant(5, 4, 7.0f), dW = Mat::Constant(5, 30, 7.0f);
    const NonzeroRows rows = nonzero_rows(x);
    product_over_rows(W, x, rows, y);
    gradient_over_rows(dy, x, rows, dW);
    CHECK(y.isZero(0.0f));
    CHECK(dW.isZero(0.0f));
}
