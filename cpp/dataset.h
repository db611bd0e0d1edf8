// MNIST in memory, and the IDX file format it comes in (yann.lecun.com/exdb/mnist, "FILE FORMATS").
// Images stay uint8 (60k × 784 = 47 MB); batches are converted to float when they are gathered.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace scratchnet {

struct Dataset {
    int count = 0, rows = 28, cols = 28;
    std::vector<uint8_t> images;  // count × rows × cols, row-major within an image, 0 = background
    std::vector<uint8_t> labels;  // count, each 0..9

    int pixels() const { return rows * cols; }
    const uint8_t* image(int i) const { return images.data() + size_t(i) * pixels(); }
    Dataset first(int n) const;  // the first n samples (all if n <= 0 or n >= count)
};

// The standard file names in an MNIST folder.
constexpr const char* kTrainImages = "train-images-idx3-ubyte";
constexpr const char* kTrainLabels = "train-labels-idx1-ubyte";
constexpr const char* kTestImages = "t10k-images-idx3-ubyte";
constexpr const char* kTestLabels = "t10k-labels-idx1-ubyte";

// Parse an images file and a labels file from memory (the browser hands over bytes). `images_name` and
// `labels_name` appear in every error message. Throws std::runtime_error saying what is wrong, e.g.
// "train-labels-idx1-ubyte: expected magic 2049, found 2051 (is this an images file?)".
Dataset parse_idx(const uint8_t* images, size_t images_size, const std::string& images_name,
                  const uint8_t* labels, size_t labels_size, const std::string& labels_name);

// Read `<dir>/train-*` (split "train") or `<dir>/t10k-*` (split "test"). Errors name the path and how to fetch.
Dataset load_mnist(const std::string& dir, const std::string& split);

std::vector<uint8_t> read_file(const std::string& path);  // throws "<path>: cannot open (...)" on failure

}  // namespace scratchnet
