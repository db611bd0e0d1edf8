// Conv2D: a bank of k×k filters slid over the image (stride 1, "valid" or "same" padding), and MaxPool2D (2×2).
// The convolution of a whole group of samples is one matrix product: every image's k×k patches as rows
// ("im2row") times the filters, so the arithmetic runs in one large Eigen GEMM like Dense's. A batch is cut
// into groups of at most kGroup samples, which bounds the scratch memory whatever the batch size.
#pragma once
#include <vector>
#include "layer.h"

namespace scratchnet {

enum class Padding { Valid, Same };  // Same: zero padding of k/2 on each side (odd k), output size = input size

class Conv2D : public Layer {
public:
    Conv2D(Shape input, int filters, int kernel, Padding padding);
    LayerSpec spec() const override { return {LayerKind::Conv2D, out_.channels, kernel_, pad_ > 0 ? 1 : 0}; }
    Shape input_shape() const override { return in_; }
    Shape output_shape() const override { return out_; }
    Index parameter_count() const override { return Index(out_.channels) * patch_size() + out_.channels; }
    void bind(float* params, float* grads) override;
    void initialize(Rng& rng, Init init) override;
    void forward(ConstMatMap x, MatMap y) override;
    void backward(ConstMatMap x, ConstMatMap y, ConstMatMap dy, MatMap dx) override;

    MatMap W() { return {w_, out_.channels, patch_size()}; }   // (filters × C·k·k), a filter per row
    VecMap b() { return {b_, out_.channels}; }                 // (filters)
    MatMap dW() { return {dw_, out_.channels, patch_size()}; }
    VecMap db() { return {db_, out_.channels}; }

private:
    static constexpr int kGroup = 16;  // samples per matrix product
    int patch_size() const { return in_.channels * kernel_ * kernel_; }
    int pixels_out() const { return out_.height * out_.width; }
    // One image (C, H, W) → its rows of patches: column k of the group's patch matrix starts at
    // patches + k·rows; this image's P rows start at `row`.
    void to_patches(const float* image, float* patches, Index rows, Index row) const;
    void add_from_patches(const float* dpatches, Index rows, Index row, float* dimage) const;  // the reverse, summing overlaps
    static float* scratch(std::vector<float>& buffer, Index size);  // buffer, made at least `size` long
    struct Window {
        int left, top, width, height;
    };
    using PlaneBlock = Eigen::Map<Mat, 0, Eigen::OuterStride<>>;
    Window window(int ky, int kx) const;
    PlaneBlock plane_block(const float* image, int c, int ky, int kx, const Window& w) const;

    Shape in_, out_;
    int kernel_, pad_;
    float *w_ = nullptr, *b_ = nullptr, *dw_ = nullptr, *db_ = nullptr;
    // Scratch for one group of G samples, stored with G·P rows (sample-major, then output pixel):
    std::vector<float> patches_, dpatches_;  // (G·P × C·k·k)
    std::vector<float> outputs_;             // (G·P × filters): one filter per column
};

class MaxPool2D : public Layer {
public:
    explicit MaxPool2D(Shape input);  // 2×2 windows, stride 2; odd edges are dropped
    LayerSpec spec() const override { return {LayerKind::MaxPool2D, 0}; }
    Shape input_shape() const override { return in_; }
    Shape output_shape() const override { return out_; }
    void forward(ConstMatMap x, MatMap y) override;
    // The gradient flows to the position that held each window's maximum (found again by comparing x with y).
    void backward(ConstMatMap x, ConstMatMap y, ConstMatMap dy, MatMap dx) override;

private:
    Shape in_, out_;
};

}  // namespace scratchnet
