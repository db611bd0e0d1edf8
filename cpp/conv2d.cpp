// Conv2D through im2row + GEMM, and 2×2 max pooling; each backward right after its forward.
#include "conv2d.h"
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "rng.h"

namespace scratchnet {

Conv2D::Conv2D(Shape input, int filters, int kernel, Padding padding)
    : in_(input), kernel_(kernel), pad_(padding == Padding::Same ? kernel / 2 : 0) {
    if (kernel <= 0 || filters <= 0) throw std::runtime_error("conv2d: kernel and filters must be positive");
    if (padding == Padding::Same && kernel % 2 == 0) throw std::runtime_error("conv2d: 'same' needs an odd kernel");
    out_ = {filters, in_.height + 2 * pad_ - kernel + 1, in_.width + 2 * pad_ - kernel + 1};
    if (out_.height <= 0 || out_.width <= 0) throw std::runtime_error("conv2d: kernel larger than the image");
    patches_.resize(size_t(pixels_out()) * patch_size());
    dpatches_.resize(patches_.size());
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

// patches_(p, (c·k + ky)·k + kx) = image(c, oy + ky − pad, ox + kx − pad), zero outside; p = oy·W_out + ox.
// Stored column-major (out pixels × C·k·k), so each column is one (c, ky, kx) offset over all output pixels.
void Conv2D::to_patches(const float* image) {
    const int P = pixels_out();
    for (int c = 0; c < in_.channels; ++c)
        for (int ky = 0; ky < kernel_; ++ky)
            for (int kx = 0; kx < kernel_; ++kx) {
                float* column = patches_.data() + size_t((c * kernel_ + ky) * kernel_ + kx) * P;
                const float* plane = image + size_t(c) * in_.height * in_.width;
                for (int oy = 0; oy < out_.height; ++oy) {
                    const int iy = oy + ky - pad_;
                    for (int ox = 0; ox < out_.width; ++ox) {
                        const int ix = ox + kx - pad_;
                        const bool inside = iy >= 0 && iy < in_.height && ix >= 0 && ix < in_.width;
                        column[oy * out_.width + ox] = inside ? plane[iy * in_.width + ix] : 0.0f;
                    }
                }
            }
}

void Conv2D::add_from_patches(const float* dpatches, float* dimage) const {
    const int P = pixels_out();
    for (int c = 0; c < in_.channels; ++c)
        for (int ky = 0; ky < kernel_; ++ky)
            for (int kx = 0; kx < kernel_; ++kx) {
                const float* column = dpatches + size_t((c * kernel_ + ky) * kernel_ + kx) * P;
                float* plane = dimage + size_t(c) * in_.height * in_.width;
                for (int oy = 0; oy < out_.height; ++oy) {
                    const int iy = oy + ky - pad_;
                    if (iy < 0 || iy >= in_.height) continue;
                    for (int ox = 0; ox < out_.width; ++ox) {
                        const int ix = ox + kx - pad_;
                        if (ix >= 0 && ix < in_.width) plane[iy * in_.width + ix] += column[oy * out_.width + ox];
                    }
                }
            }
}

void Conv2D::forward(ConstMatMap x, MatMap y) {
    const int P = pixels_out(), K = patch_size();
    for (Index s = 0; s < x.cols(); ++s) {
        to_patches(x.col(s).data());
        MatMap ys(y.col(s).data(), P, out_.channels);  // (out pixels × filters): one channel per column
        ys.noalias() = ConstMatMap(patches_.data(), P, K) * W().transpose();
        ys.rowwise() += b().transpose();
    }
}

void Conv2D::backward(ConstMatMap x, ConstMatMap /*y*/, ConstMatMap dy, MatMap dx) {
    const int P = pixels_out(), K = patch_size();
    dW().setZero();
    db().setZero();
    if (dx.data()) dx.setZero();
    for (Index s = 0; s < x.cols(); ++s) {
        to_patches(x.col(s).data());
        ConstMatMap dys(dy.col(s).data(), P, out_.channels);
        dW().noalias() += dys.transpose() * ConstMatMap(patches_.data(), P, K);  // (filters × P)(P × K)
        db() += dys.colwise().sum().transpose();
        if (dx.data()) {
            MatMap(dpatches_.data(), P, K).noalias() = dys * W();  // (P × filters)(filters × K)
            add_from_patches(dpatches_.data(), dx.col(s).data());
        }
    }
}

MaxPool2D::MaxPool2D(Shape input) : in_(input), out_{input.channels, input.height / 2, input.width / 2} {
    if (out_.height == 0 || out_.width == 0) throw std::runtime_error("maxpool2d: the image is smaller than 2x2");
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
    dx.setZero();
    for (Index s = 0; s < x.cols(); ++s)
        for (int c = 0; c < in_.channels; ++c) {
            const size_t in_plane = size_t(c) * in_.height * in_.width, out_plane = size_t(c) * out_.height * out_.width;
            const float* in = x.col(s).data() + in_plane;
            float* din = dx.col(s).data() + in_plane;
            for (int oy = 0; oy < out_.height; ++oy)
                for (int ox = 0; ox < out_.width; ++ox) {
                    const int o = oy * out_.width + ox;
                    const float m = y.col(s)(Index(out_plane + o));
                    const int at[4] = {(2 * oy) * in_.width + 2 * ox, (2 * oy) * in_.width + 2 * ox + 1,
                                       (2 * oy + 1) * in_.width + 2 * ox, (2 * oy + 1) * in_.width + 2 * ox + 1};
                    for (int i : at)
                        if (in[i] == m) {  // the first position holding the maximum gets the whole gradient
                            din[i] += dy.col(s)(Index(out_plane + o));
                            break;
                        }
                }
        }
}

}  // namespace scratchnet
