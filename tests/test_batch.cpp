// Gathering a batch: pixel bytes become exactly byte / 255, each thread's run of rows lands where the whole
// batch would put it, and prefetching reads nothing outside the images.
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>
#include "batch.h"
#include "rng.h"

using namespace scratchnet;

namespace {

// Four 28 × 28 images whose pixels run through every byte value.
Dataset every_byte_value() {
    Dataset d;
    d.count = 4;
    d.images.resize(size_t(d.count) * d.pixels());  // exactly this size, so a read past the end is caught
    for (size_t i = 0; i < d.images.size(); ++i) d.images[i] = uint8_t(i * 7);
    d.labels = {3, 1, 4, 1};
    return d;
}

}  // namespace

TEST_CASE("pixels become byte / 255, bit for bit, at any alignment and length", "[batch]") {
    std::vector<uint8_t> bytes(300);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(i * 13 + 5);  // all 256 values, in a jumbled order
    for (int offset : {0, 1, 3, 8})
        for (int n : {0, 1, 15, 16, 17, 33, 255, 292}) {
            std::vector<float> got(n + 1, -1.0f);
            scale_pixels(bytes.data() + offset, got.data(), n);
            for (int i = 0; i < n; ++i) {
                const float want = bytes[offset + i] * (1.0f / 255.0f);
                INFO("offset " << offset << ", length " << n << ", pixel " << i << " (byte " << int(bytes[offset + i]) << ")");
                REQUIRE(std::memcmp(&got[i], &want, sizeof want) == 0);
            }
            REQUIRE(got[n] == -1.0f);  // nothing written past the end
        }
}

TEST_CASE("two threads' runs of rows make the same input as gathering the whole batch", "[batch]") {
    const Dataset d = every_byte_value();
    const uint32_t indices[3] = {3, 0, 2};
    const int P = d.pixels();
    Rng rng(1);
    std::vector<float> whole(3 * P), parts(3 * P, -1.0f);
    std::vector<uint8_t> labels(3);
    gather_batch(d, indices, 3, whole.data(), labels.data(), nullptr, rng);
    REQUIRE(labels == std::vector<uint8_t>{1, 3, 4});
    gather_rows(d, indices, 3, 0, 391, parts.data());
    REQUIRE(parts[391] == -1.0f);  // the other thread's rows are left alone
    gather_rows(d, indices, 3, 391, P, parts.data());
    REQUIRE(parts == whole);
}

TEST_CASE("prefetching reads only inside the images, up to the last pixel of the last one", "[batch]") {
    // Under the sanitizer build a read past the dataset's end would fail this test.
    const Dataset d = every_byte_value();
    const uint32_t last[1] = {uint32_t(d.count - 1)};
    for (int first : {0, 1, 63, 391, 783}) prefetch_rows(d, last, 1, first, d.pixels());
    prefetch_rows(d, last, 1, 5, 6);
    prefetch_rows(d, last, 1, 0, 0);  // an empty run
    SUCCEED("no read outside the images");
}
