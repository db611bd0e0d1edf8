// CRC-32 (the zlib/PNG polynomial), for the model file's checksum.
#pragma once
#include <cstddef>
#include <cstdint>

namespace scratchnet {
uint32_t crc32(const uint8_t* data, size_t size);
}
