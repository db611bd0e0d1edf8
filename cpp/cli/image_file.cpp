// Image decoding through Debian's stb_image (libstb-dev), compiled into this one file.
#include "image_file.h"
#include <stdexcept>
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_HDR
#if __has_include(<stb/stb_image.h>)
#include <stb/stb_image.h>
#else
#include <stb_image.h>
#endif

namespace scratchnet::cli {

GrayImage read_drawing(const std::string& path) {
    int w = 0, h = 0, channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &w, &h, &channels, 1);
    if (!data) throw std::runtime_error(path + ": cannot read the image (" + stbi_failure_reason() + ")");
    GrayImage img{w, h, std::vector<uint8_t>(data, data + size_t(w) * h)};
    stbi_image_free(data);

    // The border tells the background: if it is mostly light, the ink is dark, so invert.
    long long border = 0, n = 0;
    for (int x = 0; x < w; ++x) border += img.pixels[x] + img.pixels[size_t(h - 1) * w + x], n += 2;
    for (int y = 0; y < h; ++y) border += img.pixels[size_t(y) * w] + img.pixels[size_t(y) * w + w - 1], n += 2;
    if (border > 127 * n)
        for (auto& p : img.pixels) p = uint8_t(255 - p);
    return img;
}

}  // namespace scratchnet::cli
