// Writing styles added to training digits: where the strokes go, and what is left alone.
#include <catch2/catch.hpp>
#include <vector>
#include "rng.h"
#include "writing_styles.h"

using namespace scratchnet;

namespace {
// A plain "1": a vertical bar 3 pixels wide, rows 4 to 23, columns 13 to 15.
std::vector<uint8_t> plain_one() {
    std::vector<uint8_t> img(784, 0);
    for (int y = 4; y <= 23; ++y)
        for (int x = 13; x <= 15; ++x) img[y * 28 + x] = 255;
    return img;
}
int ink_in(const std::vector<uint8_t>& img, int x0, int x1, int y0, int y1) {
    int n = 0;
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) n += img[y * 28 + x] >= 128;
    return n;
}
}  // namespace

TEST_CASE("a flag on a 1 goes down to the left from the top of its stem", "[augment][styles]") {
    WritingStyles only_flags{1.0f, 0.0f, 0.0f};
    Rng rng(3);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<uint8_t> img = plain_one();
        add_writing_style(img.data(), 1, rng, only_flags);
        INFO("trial " << trial);
        // The digit is moved back to its centre of mass, so find the stem again: the columns inked almost
        // all the way down.
        int left = 0, right = 27, top = 0;
        while (ink_in(img, left, left, 0, 27) < 18) ++left;
        while (ink_in(img, right, right, 0, 27) < 18) --right;
        while (ink_in(img, 0, 27, top, top) == 0) ++top;
        CHECK(right - left == 2);                                  // the stem is untouched
        CHECK(ink_in(img, 0, left - 1, top, top + 12) >= 2);       // new ink left of the stem, below its top
        CHECK(ink_in(img, right + 1, 27, 0, 27) == 0);             // nothing to the right
    }
}

TEST_CASE("a foot on a 1 and a bar on a 7 are horizontal strokes across the stem", "[augment][styles]") {
    Rng rng(4);
    std::vector<uint8_t> img = plain_one();
    add_writing_style(img.data(), 1, rng, WritingStyles{0.0f, 1.0f, 0.0f});
    int bottom = 27;
    while (ink_in(img, 0, 27, bottom, bottom) == 0) --bottom;
    CHECK(ink_in(img, 0, 27, bottom - 1, bottom) >= 8);  // the foot is wider than the 3-pixel stem

    img = plain_one();  // stands in for a 7's stem
    add_writing_style(img.data(), 7, rng, WritingStyles{0.0f, 0.0f, 1.0f});
    int widest = 0;
    for (int y = 0; y < 28; ++y) widest = std::max(widest, ink_in(img, 0, 27, y, y));
    CHECK(widest >= 7);
}

TEST_CASE("other digits, and styles with probability 0, leave the image exactly as it was", "[augment][styles]") {
    Rng rng(5);
    const std::vector<uint8_t> original = plain_one();
    for (int label : {0, 2, 3, 4, 5, 6, 8, 9}) {
        std::vector<uint8_t> img = original;
        add_writing_style(img.data(), label, rng, WritingStyles{});
        CHECK(img == original);
    }
    std::vector<uint8_t> img = original;
    add_writing_style(img.data(), 1, rng, WritingStyles{0.0f, 0.0f, 0.0f});
    CHECK(img == original);
}
