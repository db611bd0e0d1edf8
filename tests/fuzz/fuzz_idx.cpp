// libFuzzer target for the IDX loader: the first 4 bytes choose where the input splits into an images file
// and a labels file. Any input must give a Dataset or a std::runtime_error, never a crash, leak or hang.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include "dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 4) return 0;
    uint32_t split;
    std::memcpy(&split, data, 4);
    data += 4, size -= 4;
    split = size ? split % (size + 1) : 0;
    try {
        scratchnet::Dataset d = scratchnet::parse_idx(data, split, "images", data + split, size - split, "labels");
        volatile uint8_t sink = d.images.empty() ? 0 : d.images.back();  // touch the data
        (void)sink;
    } catch (const std::runtime_error&) {
    }
    return 0;
}
