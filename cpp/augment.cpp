// One random affine map per image (inverse-mapped with bilinear sampling), then optional grey dilation/erosion.
#include "augment.h"
#include <algorithm>
#include <cmath>
#include "rng.h"

namespace scratchnet {
namespace {

constexpr int kSide = 28;

float pixel(const uint8_t* src, int x, int y) {
    if (x < 0 || y < 0 || x >= kSide || y >= kSide) return 0.0f;
    return src[y * kSide + x];
}

// Thicker (dilate) or thinner (erode) strokes: each pixel becomes the max (or min) of itself and its 4 neighbours,
// blended halfway so the change is about half a pixel on each side.
void morph(float* img, bool dilate) {
    float copy[kSide * kSide];
    std::copy(img, img + kSide * kSide, copy);
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            float v = copy[y * kSide + x], e = v;
            const int dx[4] = {-1, 1, 0, 0}, dy[4] = {0, 0, -1, 1};
            for (int k = 0; k < 4; ++k) {
                int nx = x + dx[k], ny = y + dy[k];
                float n = (nx < 0 || ny < 0 || nx >= kSide || ny >= kSide) ? 0.0f : copy[ny * kSide + nx];
                e = dilate ? std::max(e, n) : std::min(e, n);
            }
            img[y * kSide + x] = 0.5f * (v + e);
        }
}

}  // namespace

void augment_image(const uint8_t* src, float* dst, Rng& rng, const AugmentConfig& c) {
    const float pi = 3.14159265358979f;
    const float angle = rng.uniform(-c.max_rotation_degrees, c.max_rotation_degrees) * pi / 180.0f;
    const float scale = rng.uniform(c.min_scale, c.max_scale);
    const float shear = rng.uniform(-c.max_shear, c.max_shear);
    const float tx = rng.uniform(-c.max_shift, c.max_shift), ty = rng.uniform(-c.max_shift, c.max_shift);
    const float thickness = rng.uniform();

    // Forward map about the centre: p' = S·R·H·(p − centre) + centre + t. Inverting it per output pixel avoids holes.
    const float cs = std::cos(angle), sn = std::sin(angle);
    // A = scale · R · H with H = [[1, shear], [0, 1]]
    const float a = scale * cs, b = scale * (cs * shear - sn), cc = scale * sn, d = scale * (sn * shear + cs);
    const float det = a * d - b * cc;
    const float ia = d / det, ib = -b / det, ic = -cc / det, id = a / det;
    const float centre = (kSide - 1) * 0.5f;

    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            const float px = x - centre - tx, py = y - centre - ty;
            const float sx = ia * px + ib * py + centre, sy = ic * px + id * py + centre;
            const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
            const float fx = sx - x0, fy = sy - y0;
            const float v = (1 - fy) * ((1 - fx) * pixel(src, x0, y0) + fx * pixel(src, x0 + 1, y0)) +
                            fy * ((1 - fx) * pixel(src, x0, y0 + 1) + fx * pixel(src, x0 + 1, y0 + 1));
            dst[y * kSide + x] = v * (1.0f / 255.0f);
        }

    if (thickness < c.thickness_probability) morph(dst, /*dilate=*/thickness < c.thickness_probability * 0.5f);
}

}  // namespace scratchnet
