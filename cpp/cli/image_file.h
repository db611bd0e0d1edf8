// Reading a drawing from an image file (PNG, PGM, JPEG, BMP, … via stb_image) as 8-bit grayscale, ink bright.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace scratchnet::cli {

struct GrayImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels;  // row-major, 255 = ink
};

// Dark ink on a light background (a scan, a photo of paper) is inverted so ink is always bright.
// Throws std::runtime_error naming the file if it cannot be read.
GrayImage read_drawing(const std::string& path);

}  // namespace scratchnet::cli
