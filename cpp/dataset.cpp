// The IDX loader: every header field is checked before a single byte of data is trusted.
#include "dataset.h"
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace scratchnet {
namespace {

constexpr uint32_t kImagesMagic = 2051, kLabelsMagic = 2049;

uint32_t read_be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

[[noreturn]] void fail(const std::string& name, const std::string& what) {
    throw std::runtime_error(name + ": " + what);
}

void check_magic(const uint8_t* data, size_t size, size_t header, uint32_t expected, const std::string& name) {
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
        fail(name, "is gzip-compressed; decompress it first (gunzip)");
    if (size < header)
        fail(name, "is " + std::to_string(size) + " bytes, too short for an IDX header (" + std::to_string(header) +
                       " bytes)");
    uint32_t magic = read_be32(data);
    if (magic == expected) return;
    std::string hint = magic == kImagesMagic   ? " (is this an images file?)"
                       : magic == kLabelsMagic ? " (is this a labels file?)"
                                               : " (not an MNIST IDX file)";
    fail(name, "expected magic " + std::to_string(expected) + ", found " + std::to_string(magic) + hint);
}

void check_length(size_t actual, uint64_t expected, uint32_t count, const char* what, const std::string& name) {
    if (actual == expected) return;
    fail(name, "header says " + std::to_string(count) + " " + what + " (" + std::to_string(expected) +
                   " bytes with the header) but the file has " + std::to_string(actual) + " bytes" +
                   (actual < expected ? " (truncated?)" : " (trailing data?)"));
}

}  // namespace

Dataset Dataset::first(int n) const {
    if (n <= 0 || n >= count) return *this;
    Dataset subset;
    subset.count = n;
    subset.rows = rows;
    subset.cols = cols;
    subset.images.assign(images.begin(), images.begin() + size_t(n) * pixels());
    subset.labels.assign(labels.begin(), labels.begin() + n);
    return subset;
}

Dataset parse_idx(const uint8_t* images, size_t images_size, const std::string& images_name,
                  const uint8_t* labels, size_t labels_size, const std::string& labels_name) {
    // Images: magic 2051, count, rows, cols (big-endian uint32), then count × rows × cols bytes.
    check_magic(images, images_size, 16, kImagesMagic, images_name);
    const uint32_t count = read_be32(images + 4), rows = read_be32(images + 8), cols = read_be32(images + 12);
    if (rows != 28 || cols != 28)
        fail(images_name, "expected 28x28 images, found " + std::to_string(rows) + "x" + std::to_string(cols));
    check_length(images_size, 16 + uint64_t(count) * rows * cols, count, "images", images_name);

    // Labels: magic 2049, count, then count bytes.
    check_magic(labels, labels_size, 8, kLabelsMagic, labels_name);
    const uint32_t label_count = read_be32(labels + 4);
    check_length(labels_size, 8 + uint64_t(label_count), label_count, "labels", labels_name);
    if (label_count != count)
        fail(labels_name, "has " + std::to_string(label_count) + " labels but " + images_name + " has " +
                              std::to_string(count) + " images");
    for (uint32_t i = 0; i < count; ++i)
        if (labels[8 + i] > 9)
            fail(labels_name, "label " + std::to_string(labels[8 + i]) + " at index " + std::to_string(i) +
                                  " is outside 0-9");
    if (count == 0) fail(images_name, "holds no images");

    Dataset d;
    d.count = static_cast<int>(count);
    d.images.assign(images + 16, images + images_size);
    d.labels.assign(labels + 8, labels + labels_size);
    return d;
}

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open (" + std::strerror(errno) + ")");
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Dataset load_mnist(const std::string& dir, const std::string& split) {
    const bool train = split == "train";
    if (!train && split != "test") throw std::runtime_error("unknown MNIST split '" + split + "' (train or test)");
    const std::string images_path = dir + "/" + (train ? kTrainImages : kTestImages);
    const std::string labels_path = dir + "/" + (train ? kTrainLabels : kTestLabels);
    std::ifstream probe(images_path);
    if (!probe)
        throw std::runtime_error(images_path + ": not found. Fetch MNIST with scripts/fetch_mnist.sh, or pass " +
                                 "--data DIR for a folder holding the four IDX files");
    std::vector<uint8_t> images = read_file(images_path), labels = read_file(labels_path);
    return parse_idx(images.data(), images.size(), images_path, labels.data(), labels.size(), labels_path);
}

}  // namespace scratchnet
