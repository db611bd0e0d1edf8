// The model file: our own small binary format holding the architecture and every parameter.
//
//   offset  field (all little-endian)
//   0       magic "SCNM"
//   4       u32 format version (1)
//   8       u32 input channels, height, width
//   20      u32 layer count L, then L × (u32 kind, i32 size, i32 kernel, i32 padding)
//   …       u64 parameter count N, then N × float32 (the network's parameter buffer, as is)
//   end−4   u32 CRC-32 of every byte before it
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include "network.h"

namespace scratchnet {

constexpr uint32_t kModelFormatVersion = 1;

struct ModelFile {
    Architecture architecture;
    std::vector<float> parameters;
};

std::vector<uint8_t> serialize_model(const Network& net);
void save_model(const Network& net, const std::string& path);

// Checks everything (magic, version, length, checksum, architecture, parameter count, NaN/Inf) and throws
// std::runtime_error starting with `name` and saying what is wrong.
ModelFile parse_model(const uint8_t* data, size_t size, const std::string& name);
ModelFile read_model(const std::string& path);

// A new network holding the file's architecture and parameters.
std::unique_ptr<Network> network_from_model(const ModelFile& model, int max_batch);
// Copies the parameters into an existing network; throws, changing nothing, if the architectures differ.
void load_parameters(Network& net, const ModelFile& model, const std::string& name);

}  // namespace scratchnet
