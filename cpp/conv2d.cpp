// Conv2D through im2row + GEMM, and 2×2 max pooling; each backward right after its forward.
#include "conv2d.h"
#include <algorithm>
#include <cmath>
#include "rng.h"

namespace scratchnet {

Conv2D::Conv2D(Shape input, int filters, int kernel, Padding padding)
    : in_(input), kernel_(kernel), pad_(padding == Padding::Same ? kernel / 2 : 0) {
    if (kernel <= 0 || filters <= 0) invalid_layer("conv2d: kernel and filters must be positive");
    if (padding == Padding::Same && kernel % 2 == 0) invalid_layer("conv2d: 'same' needs an odd kernel");
    out_ = {filters, in_.height + 2 * pad_ - kernel + 1, in_.width + 2 * pad_ - kernel + 1};
    if (out_.height <= 0 || out_.width <= 0) invalid_layer("conv2d: kernel larger than the image");
}

// The scratch memory grows to what the largest group so far needs, once: a training run's first step sizes it,
// a one-digit prediction needs one sample's rows, and a network never trained never makes dpatches_.
float* Conv2D::scratch(std::vector<float>& buffer, Index size) {
    if (Index(buffer.size()) < size) buffer.resize(size_t(size));
    return buffer.data();
}

void Conv2D::bind(float* params, float* grads) {
    w_ = params;
    b_ = params + Index(out_.channels) * patch_size();
    dw_ = grads;
    db_ = grads + Index(out_.channels) * patch_size();
}

void Conv2D::initialize(Rng& rng, Init init) {
    const int fan_in = patch_size(), fan_out = out_.channels * kernel_ * kernel_;
    float scale = 0.01f;
    if (init == Init::He) scale = std::sqrt(2.0f / fan_in);
    if (init == Init::Xavier) scale = std::sqrt(2.0f / (fan_in + fan_out));
    for (Index i = 0; i < Index(out_.channels) * patch_size(); ++i) w_[i] = rng.normal() * scale;
    b().setZero();
}

// patches(row + p, (c·k + ky)·k + kx) = image(c, oy + ky − pad, ox + kx − pad), zero outside; p = oy·W_out + ox.
// Column-major with `rows` rows, so each column is one (c, ky, kx) offset over every output pixel of the group:
// that image plane shifted by (ky − pad, kx − pad), a strided block copy.
void Conv2D::to_patches(const float* image, float* patches, Index rows, Index row) const {
    for (int c = 0; c < in_.channels; ++c)
        for (int ky = 0; ky < kernel_; ++ky)
            for (int kx = 0; kx < kernel_; ++kx) {
                MatMap shifted(patches + ((c * kernel_ + ky) * kernel_ + kx) * rows + row, out_.width, out_.height);
                if (pad_ > 0) shifted.setZero();
                const Window w = window(ky, kx);
                shifted.block(w.left, w.top, w.width, w.height) = plane_block(image, c, ky, kx, w);
            }
}

void Conv2D::add_from_patches(const float* dpatches, Index rows, Index row, float* dimage) const {
    for (int c = 0; c < in_.channels; ++c)
        for (int ky = 0; ky < kernel_; ++ky)
            for (int kx = 0; kx < kernel_; ++kx) {
                const ConstMatMap shifted(dpatches + ((c * kernel_ + ky) * kernel_ + kx) * rows + row, out_.width,
                                          out_.height);
                const Window w = window(ky, kx);
                plane_block(dimage, c, ky, kx, w) += shifted.block(w.left, w.top, w.width, w.height);
            }
}

// The output pixels whose (ky, kx) tap lands inside the image (all of them without padding).
Conv2D::Window Conv2D::window(int ky, int kx) const {
    const int left = std::max(0, pad_ - kx), right = std::min(out_.width, in_.width + pad_ - kx);
    const int top = std::max(0, pad_ - ky), bottom = std::min(out_.height, in_.height + pad_ - ky);
    return {left, top, right - left, bottom - top};
}

// The image pixels those taps read: plane c, rows top + ky − pad …, columns left + kx − pad …, as a strided view
// shaped like the output block (x fastest, the row stride of the image).
Conv2D::PlaneBlock Conv2D::plane_block(const float* image, int c, int ky, int kx, const Window& w) const {
    const float* corner = image + (size_t(c) * in_.height + (w.top + ky - pad_)) * in_.width + (w.left + kx - pad_);
    return PlaneBlock(const_cast<float*>(corner), w.width, w.height, Eigen::OuterStride<>(in_.width));
}

// Sample s's output is (filters × P) laid out filter by filter; the group's product is (G·P × filters), so each
// filter's P outputs of sample s sit at rows s·P … s·P + P − 1 of that filter's column.
void Conv2D::forward(ConstMatMap x, MatMap y) {
    const int P = pixels_out(), K = patch_size(), F = out_.channels;
    for (Index first = 0; first < x.cols(); first += kGroup) {
        const Index G = std::min<Index>(kGroup, x.cols() - first), rows = G * P;
        float* patches = scratch(patches_, rows * K);
        for (Index s = 0; s < G; ++s) to_patches(x.col(first + s).data(), patches, rows, s * P);
        MatMap out(scratch(outputs_, rows * F), rows, F);
        out.noalias() = ConstMatMap(patches, rows, K) * W().transpose();  // (G·P × K)(K × F)
        for (Index s = 0; s < G; ++s) {
            MatMap ys(y.col(first + s).data(), P, F);
            ys = out.middleRows(s * P, P);
            ys.rowwise() += b().transpose();
        }
    }
}

void Conv2D::backward(ConstMatMap x, ConstMatMap /*y*/, ConstMatMap dy, MatMap dx) {
    const int P = pixels_out(), K = patch_size(), F = out_.channels;
    dW().setZero();
    db().setZero();
    if (dx.data()) dx.setZero();
    for (Index first = 0; first < x.cols(); first += kGroup) {
        const Index G = std::min<Index>(kGroup, x.cols() - first), rows = G * P;
        MatMap dout(scratch(outputs_, rows * F), rows, F);  // the group's dy, gathered into the product's layout
        float* patch_rows = scratch(patches_, rows * K);
        for (Index s = 0; s < G; ++s) {
            to_patches(x.col(first + s).data(), patch_rows, rows, s * P);
            dout.middleRows(s * P, P) = ConstMatMap(dy.col(first + s).data(), P, F);
        }
        const ConstMatMap patches(patch_rows, rows, K);
        dW().noalias() += dout.transpose() * patches;  // (F × G·P)(G·P × K)
        db() += dout.colwise().sum().transpose();
        if (dx.data()) {
            MatMap dpatches(scratch(dpatches_, rows * K), rows, K);
            dpatches.noalias() = dout * W();  // (G·P × F)(F × K)
            for (Index s = 0; s < G; ++s) add_from_patches(dpatches.data(), rows, s * P, dx.col(first + s).data());
        }
    }
}

MaxPool2D::MaxPool2D(Shape input) : in_(input), out_{input.channels, input.height / 2, input.width / 2} {
    if (out_.height == 0 || out_.width == 0) invalid_layer("maxpool2d: the image is smaller than 2x2");
}

void MaxPool2D::forward(ConstMatMap x, MatMap y) {
    for (Index s = 0; s < x.cols(); ++s)
        for (int c = 0; c < in_.channels; ++c) {
            const float* in = x.col(s).data() + size_t(c) * in_.height * in_.width;
            float* out = y.col(s).data() + size_t(c) * out_.height * out_.width;
            for (int oy = 0; oy < out_.height; ++oy)
                for (int ox = 0; ox < out_.width; ++ox) {
                    const float* p = in + (2 * oy) * in_.width + 2 * ox;
                    out[oy * out_.width + ox] = std::max(std::max(p[0], p[1]), std::max(p[in_.width], p[in_.width + 1]));
                }
        }
}

void MaxPool2D::backward(ConstMatMap x, ConstMatMap y, ConstMatMap dy, MatMap dx) {
    if (!dx.data()) return;
    if (in_.height % 2 || in_.width % 2) dx.setZero();  // the dropped odd edge gets no gradient
    const Index planes = x.cols() * in_.channels;     // every (sample, channel) plane, one after another
    for (Index plane = 0; plane < planes; ++plane) {
        const float* in = x.data() + plane * in_.height * in_.width;
        float* din = dx.data() + plane * in_.height * in_.width;
        const float* out = y.data() + plane * out_.height * out_.width;
        const float* dout = dy.data() + plane * out_.height * out_.width;
        for (int oy = 0; oy < out_.height; ++oy)
            for (int ox = 0; ox < out_.width; ++ox) {
                // The first position (in reading order) holding the window's maximum gets the whole gradient;
                // every position of the window is written, so no zeroing pass is needed.
                const int o = oy * out_.width + ox, top_left = (2 * oy) * in_.width + 2 * ox;
                const int at[4] = {top_left, top_left + 1, top_left + in_.width, top_left + in_.width + 1};
                bool taken = false;
                for (int i : at) {
                    const bool here = !taken && in[i] == out[o];
                    din[i] = here ? dout[o] : 0.0f;
                    taken = taken || here;
                }
            }
    }
}

}  // namespace scratchnet
