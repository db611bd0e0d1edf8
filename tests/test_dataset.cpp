// The IDX loader: the real MNIST files load, and every kind of damage is refused with a message that names it.
#include <catch2/catch.hpp>
#include <vector>
#include "helpers.h"

using namespace scratchnet;
using Catch::Contains;

namespace {

struct Files {
    std::vector<uint8_t> images, labels;
};

Files real_test_files() {
    return {read_file(test::mnist_dir() + "/" + kTestImages), read_file(test::mnist_dir() + "/" + kTestLabels)};
}

Dataset parse(const Files& f) {
    return parse_idx(f.images.data(), f.images.size(), "t10k-images", f.labels.data(), f.labels.size(),
                     "t10k-labels");
}

}  // namespace

TEST_CASE("the real MNIST files load with their known counts and first labels", "[dataset][mnist]") {
    const Dataset& train = test::mnist_train();
    const Dataset& test = test::mnist_test();
    REQUIRE(train.count == 60000);
    REQUIRE(test.count == 10000);
    REQUIRE(train.images.size() == 60000u * 784);
    REQUIRE(train.labels[0] == 5);  // the famous first training digit is a 5
    REQUIRE(test.labels[0] == 7);
    int sevens = 0;
    for (uint8_t l : test.labels) sevens += l == 7;
    REQUIRE(sevens == 1028);
}

TEST_CASE("a damaged IDX file is refused with a message naming the file and the problem", "[dataset]") {
    Files f = real_test_files();

    SECTION("labels file given for images, and images for labels") {
        REQUIRE_THROWS_WITH(parse_idx(f.labels.data(), f.labels.size(), "t10k-images", f.images.data(),
                                      f.images.size(), "t10k-labels"),
                            Contains("t10k-images: expected magic 2051, found 2049 (is this a labels file?)"));
        Files swapped{f.images, f.images};
        REQUIRE_THROWS_WITH(parse(swapped),
                            Contains("t10k-labels: expected magic 2049, found 2051 (is this an images file?)"));
    }
    SECTION("a truncated images file") {
        f.images.resize(f.images.size() - 100);
        REQUIRE_THROWS_WITH(parse(f), Contains("t10k-images") && Contains("truncated"));
    }
    SECTION("trailing bytes") {
        f.labels.push_back(0);
        REQUIRE_THROWS_WITH(parse(f), Contains("t10k-labels") && Contains("trailing"));
    }
    SECTION("images that are not 28x28") {
        f.images[11] = 27;  // rows, big-endian low byte
        REQUIRE_THROWS_WITH(parse(f), Contains("expected 28x28 images, found 27x28"));
    }
    SECTION("counts that do not match") {
        f.labels.pop_back();
        f.labels[7] = static_cast<uint8_t>(f.labels[7] - 1);  // 9999 labels, consistent on its own
        REQUIRE_THROWS_WITH(parse(f), Contains("has 9999 labels but t10k-images has 10000 images"));
    }
    SECTION("a label outside 0-9") {
        f.labels[8 + 5] = 12;
        REQUIRE_THROWS_WITH(parse(f), Contains("label 12 at index 5 is outside 0-9"));
    }
    SECTION("a file too short for its header") {
        f.images.resize(10);
        REQUIRE_THROWS_WITH(parse(f), Contains("too short for an IDX header"));
    }
    SECTION("a still-compressed file") {
        f.images[0] = 0x1f, f.images[1] = 0x8b;
        REQUIRE_THROWS_WITH(parse(f), Contains("gzip"));
    }
}

TEST_CASE("a missing data folder says how to fetch MNIST", "[dataset]") {
    REQUIRE_THROWS_WITH(load_mnist("/nonexistent/folder", "train"), Contains("scripts/fetch_mnist.sh"));
}

TEST_CASE("first(n) takes the first n samples", "[dataset]") {
    const Dataset small = test::mnist_test().first(10);
    REQUIRE(small.count == 10);
    REQUIRE(small.labels[0] == 7);
    REQUIRE(small.images.size() == 7840u);
}
