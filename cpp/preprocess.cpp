// Drawing → 28×28: ink bounding box, area-averaging resize into 20×20, centre of mass to the centre.
#include "preprocess.h"
#include <algorithm>
#include <cmath>
#include <vector>

namespace scratchnet {
namespace {

constexpr int kSide = 28, kBox = 20;
constexpr uint8_t kInkThreshold = 32;  // anything fainter is anti-aliasing fuzz or noise, not ink

// Area-averaging resize along one axis: each output sample is the mean of the source interval it covers,
// partial source pixels weighted by how much of them it covers. src: n_in samples at stride s_in.
void resample_line(const float* src, int n_in, int s_in, float* dst, int n_out, int s_out) {
    const double scale = double(n_in) / n_out;  // source pixels per output pixel
    for (int o = 0; o < n_out; ++o) {
        const double a = o * scale, b = (o + 1) * scale;
        double sum = 0;
        for (int i = int(a); i < n_in && i < b; ++i) {
            const double cover = std::min<double>(b, i + 1) - std::max<double>(a, i);
            if (cover > 0) sum += cover * src[i * s_in];
        }
        dst[o * s_out] = float(sum / scale);
    }
}

}  // namespace

PreprocessResult preprocess_drawing(const uint8_t* gray, int width, int height, float* out) {
    PreprocessResult r;
    std::fill(out, out + kSide * kSide, 0.0f);
    if (!gray || width <= 0 || height <= 0) return r;

    // 1. The ink's bounding box.
    int left = width, right = -1, top = height, bottom = -1;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if (gray[size_t(y) * width + x] > kInkThreshold) {
                left = std::min(left, x), right = std::max(right, x);
                top = std::min(top, y), bottom = std::max(bottom, y);
            }
    if (right < 0) return r;
    const int w = right - left + 1, h = bottom - top + 1;
    // A speck (under 3% of the drawing's larger side) is a stray tap, not a digit.
    if (std::max(w, h) < std::max(2, int(0.03 * std::max(width, height)))) return r;
    r.empty = false;
    r.ink_left = left, r.ink_top = top, r.ink_width = w, r.ink_height = h;

    // 2. Scale the box so its longer side is 20 pixels, keeping the aspect ratio: width first, then height.
    const double scale = double(kBox) / std::max(w, h);
    const int nw = std::max(1, int(std::lround(w * scale))), nh = std::max(1, int(std::lround(h * scale)));
    std::vector<float> crop(size_t(w) * h), wide(size_t(nw) * h), box(size_t(nw) * nh);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) crop[size_t(y) * w + x] = gray[size_t(top + y) * width + left + x] / 255.0f;
    for (int y = 0; y < h; ++y) resample_line(&crop[size_t(y) * w], w, 1, &wide[size_t(y) * nw], nw, 1);
    for (int x = 0; x < nw; ++x) resample_line(&wide[x], h, nw, &box[x], nh, nw);

    // 3. Centre of mass of the 20×20 box, then place it so that point lands at MNIST's centre.
    double mass = 0, mx = 0, my = 0;
    for (int y = 0; y < nh; ++y)
        for (int x = 0; x < nw; ++x) {
            const double v = box[size_t(y) * nw + x];
            mass += v, mx += v * (x + 0.5), my += v * (y + 0.5);
        }
    mx /= mass, my /= mass;
    const int ox = std::clamp(int(std::lround(kMnistCentreX - mx)), 0, kSide - nw);
    const int oy = std::clamp(int(std::lround(kMnistCentreY - my)), 0, kSide - nh);
    for (int y = 0; y < nh; ++y)
        for (int x = 0; x < nw; ++x) out[(oy + y) * kSide + ox + x] = std::min(1.0f, box[size_t(y) * nw + x]);
    return r;
}

}  // namespace scratchnet
