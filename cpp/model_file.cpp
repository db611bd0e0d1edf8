// Writing and reading the model file. A refused file never touches the network already loaded:
// parse_model builds a separate ModelFile, and only a fully checked one is copied in.
#include "model_file.h"
#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include "crc32.h"
#include "dataset.h"

namespace scratchnet {
namespace {

constexpr char kMagic[4] = {'S', 'C', 'N', 'M'};
constexpr uint32_t kMaxLayers = 256;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
void put_u64(std::vector<uint8_t>& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
uint32_t get_u32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint64_t get_u64(const uint8_t* p) { return uint64_t(get_u32(p)) | uint64_t(get_u32(p + 4)) << 32; }

Index count_parameters(const Architecture& arch) {
    Index total = 0;
    for (auto& layer : build_layers(arch)) total += layer->parameter_count();
    return total;
}

}  // namespace

std::vector<uint8_t> serialize_model(const Network& net) {
    const Architecture& arch = net.architecture();
    std::vector<uint8_t> out(kMagic, kMagic + 4);
    put_u32(out, kModelFormatVersion);
    put_u32(out, arch.input.channels);
    put_u32(out, arch.input.height);
    put_u32(out, arch.input.width);
    put_u32(out, static_cast<uint32_t>(arch.layers.size()));
    for (const LayerSpec& l : arch.layers) {
        put_u32(out, static_cast<uint32_t>(l.kind));
        put_u32(out, static_cast<uint32_t>(l.size));
        put_u32(out, static_cast<uint32_t>(l.kernel));
        put_u32(out, static_cast<uint32_t>(l.padding));
    }
    put_u64(out, static_cast<uint64_t>(net.parameter_count()));
    const size_t at = out.size();
    out.resize(at + net.parameter_count() * sizeof(float));
    static_assert(sizeof(float) == 4, "float32 expected");
    // The buffer is copied as is: every platform we build for (x86-64, wasm32) is little-endian.
    std::memcpy(out.data() + at, net.parameters(), net.parameter_count() * sizeof(float));
    put_u32(out, crc32(out.data(), out.size()));
    return out;
}

void save_model(const Network& net, const std::string& path) {
    std::vector<uint8_t> bytes = serialize_model(net);
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!out) throw std::runtime_error(path + ": cannot write the model file");
}

ModelFile parse_model(const uint8_t* data, size_t size, const std::string& name) {
    auto fail = [&](const std::string& what) -> void { throw std::runtime_error(name + ": " + what); };
    if (size < 24 || std::memcmp(data, kMagic, 4) != 0)
        fail("not a scratchnet model file (it does not start with \"SCNM\")");
    const uint32_t version = get_u32(data + 4);
    if (version > kModelFormatVersion)
        fail("made by a newer scratchnet (format version " + std::to_string(version) + "; this build reads up to " +
             std::to_string(kModelFormatVersion) + "); update scratchnet to load it");
    if (version == 0) fail("has format version 0, which does not exist; the file is damaged");

    ModelFile model;
    model.architecture.input = {int(get_u32(data + 8)), int(get_u32(data + 12)), int(get_u32(data + 16))};
    const uint32_t layers = get_u32(data + 20);
    if (layers == 0 || layers > kMaxLayers) fail("claims " + std::to_string(layers) + " layers; the file is damaged");
    const size_t header = 24 + size_t(layers) * 16 + 8;
    if (size < header + 4) fail("is truncated (" + std::to_string(size) + " bytes, the header alone needs " +
                                std::to_string(header + 4) + ")");
    for (uint32_t i = 0; i < layers; ++i) {
        const uint8_t* p = data + 24 + size_t(i) * 16;
        model.architecture.layers.push_back(
            {static_cast<LayerKind>(get_u32(p)), int(get_u32(p + 4)), int(get_u32(p + 8)), int(get_u32(p + 12))});
    }
    const uint64_t count = get_u64(data + header - 8);
    const uint64_t expected_size = header + count * 4 + 4;
    if (count > (uint64_t(1) << 31) || size < expected_size)
        fail("is truncated: " + std::to_string(size) + " bytes, but its header promises " +
             std::to_string(count) + " parameters (" + std::to_string(expected_size) + " bytes)");
    if (size > expected_size) fail("has " + std::to_string(size - expected_size) + " unexpected bytes at the end");
    const uint32_t stored = get_u32(data + size - 4), computed = crc32(data, size - 4);
    if (stored != computed) fail("checksum mismatch (the file is corrupted): stored " + std::to_string(stored) +
                                 ", computed " + std::to_string(computed));

    Index arch_count = 0;
    try {
        arch_count = count_parameters(model.architecture);
    } catch (const std::exception& e) {
        fail(std::string("invalid ") + e.what());
    }
    if (uint64_t(arch_count) != count)
        fail("its architecture (" + model.architecture.describe() + ") has " + std::to_string(arch_count) +
             " parameters but the file holds " + std::to_string(count));

    model.parameters.resize(count);
    std::memcpy(model.parameters.data(), data + header, count * 4);
    for (uint64_t i = 0; i < count; ++i)
        if (!std::isfinite(model.parameters[i]))
            fail("parameter " + std::to_string(i) + " is " + (std::isnan(model.parameters[i]) ? "NaN" : "infinite") +
                 " (saved from a diverged run?)");
    return model;
}

ModelFile read_model(const std::string& path) {
    std::vector<uint8_t> bytes = read_file(path);
    return parse_model(bytes.data(), bytes.size(), path);
}

std::unique_ptr<Network> network_from_model(const ModelFile& model, int max_batch) {
    auto net = std::make_unique<Network>(model.architecture, max_batch);
    std::memcpy(net->parameters(), model.parameters.data(), model.parameters.size() * sizeof(float));
    return net;
}

void load_parameters(Network& net, const ModelFile& model, const std::string& name) {
    if (!(model.architecture == net.architecture()))
        throw std::runtime_error(name + ": architecture " + model.architecture.describe() +
                                 " does not match the network's " + net.architecture().describe());
    std::memcpy(net.parameters(), model.parameters.data(), model.parameters.size() * sizeof(float));
}

}  // namespace scratchnet
