// Finds where a stroke belongs on the digit (the top of a 1's stem, its foot, a 7's middle), draws it as an
// anti-aliased line of MNIST's stroke width, then moves the digit back to where its centre of mass was, as
// the page's preprocessing would centre a drawing that has the extra stroke.
#include "writing_styles.h"
#include <algorithm>
#include <cmath>
#include "rng.h"

namespace scratchnet {
namespace {

constexpr int kSide = 28;
constexpr uint8_t kInk = 128;  // a pixel at least this bright is part of a stroke

// The mean x of the ink in row y, or −1 if the row has none.
float ink_x(const uint8_t* img, int y) {
    float sum = 0;
    int n = 0;
    for (int x = 0; x < kSide; ++x)
        if (img[y * kSide + x] >= kInk) sum += x, ++n;
    return n ? sum / n : -1.0f;
}

// The first row from `from` in direction `step` that holds ink, or −1.
int first_ink_row(const uint8_t* img, int from, int step) {
    for (int y = from; y >= 0 && y < kSide; y += step)
        if (ink_x(img, y) >= 0) return y;
    return -1;
}

// A line from (x0, y0) to (x1, y1), `width` pixels wide with a one-pixel soft edge, merged by max.
void draw_line(uint8_t* img, float x0, float y0, float x1, float y1, float width) {
    const float dx = x1 - x0, dy = y1 - y0, length2 = std::max(dx * dx + dy * dy, 1e-6f);
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            const float t = std::clamp(((x - x0) * dx + (y - y0) * dy) / length2, 0.0f, 1.0f);
            const float d = std::hypot(x - (x0 + t * dx), y - (y0 + t * dy));
            const float cover = std::clamp(width / 2 + 0.5f - d, 0.0f, 1.0f);
            uint8_t& p = img[y * kSide + x];
            p = std::max(p, static_cast<uint8_t>(255.0f * cover));
        }
}

// The centre of mass of the ink, in pixels.
void centre_of_mass(const uint8_t* img, float& cx, float& cy) {
    double sx = 0, sy = 0, s = 0;
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            const double v = img[y * kSide + x];
            sx += v * x, sy += v * y, s += v;
        }
    cx = s > 0 ? float(sx / s) : 13.5f;
    cy = s > 0 ? float(sy / s) : 13.5f;
}

// Moves the image by whole pixels (what leaves the square is lost).
void shift(uint8_t* img, int dx, int dy) {
    if (dx == 0 && dy == 0) return;
    uint8_t copy[kSide * kSide];
    std::copy(img, img + kSide * kSide, copy);
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            const int sx = x - dx, sy = y - dy;
            img[y * kSide + x] = sx >= 0 && sy >= 0 && sx < kSide && sy < kSide ? copy[sy * kSide + sx] : 0;
        }
}

}  // namespace

void add_writing_style(uint8_t* img, int label, Rng& rng, const WritingStyles& styles) {
    if (label != 1 && label != 7) return;
    if (styles.one_flag_probability <= 0 && styles.one_foot_probability <= 0 && styles.seven_bar_probability <= 0)
        return;  // off: not even a random number drawn, so a run is the same as without this step
    float cx0, cy0;
    centre_of_mass(img, cx0, cy0);
    const int top = first_ink_row(img, 0, 1), bottom = first_ink_row(img, kSide - 1, -1);
    if (top < 0 || bottom - top < 8) return;  // no clear stem to attach a stroke to
    const float width = rng.uniform(1.8f, 2.8f);
    bool drawn = false;
    if (label == 1) {
        if (rng.uniform() < styles.one_flag_probability) {
            const float tx = ink_x(img, top), length = rng.uniform(0.2f, 0.5f) * (bottom - top);
            const float angle = rng.uniform(30.0f, 60.0f) * 3.14159265f / 180.0f;  // below the horizontal: a 7 is flatter
            draw_line(img, tx, float(top), tx - length * std::cos(angle), top + length * std::sin(angle), width);
            drawn = true;
        }
        if (rng.uniform() < styles.one_foot_probability) {
            const float bx = ink_x(img, bottom), half = rng.uniform(0.12f, 0.25f) * (bottom - top);
            draw_line(img, bx - half, float(bottom), bx + half, float(bottom), width);
            drawn = true;
        }
    } else if (rng.uniform() < styles.seven_bar_probability) {
        const int middle = (top + bottom) / 2;
        const float mx = ink_x(img, middle), half = rng.uniform(0.15f, 0.3f) * (bottom - top);
        if (mx >= 0) {
            draw_line(img, mx - half, float(middle), mx + half, float(middle), width);
            drawn = true;
        }
    }
    if (!drawn) return;
    float cx1, cy1;
    centre_of_mass(img, cx1, cy1);
    shift(img, int(std::lround(cx0 - cx1)), int(std::lround(cy0 - cy1)));
}

}  // namespace scratchnet
