// The model file: bit-exact round trip, and each kind of damage refused without touching the loaded model.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>
#include "crc32.h"
#include "model_file.h"
#include "rng.h"

using namespace scratchnet;
using Catch::Contains;

namespace {

std::unique_ptr<Network> random_network(uint64_t seed, std::vector<int> hidden = {16}) {
    auto net = std::make_unique<Network>(Architecture::mlp(hidden), 1);
    Rng rng(seed);
    net->initialize(rng, Init::He);
    for (Index i = 0; i < net->parameter_count(); ++i) net->parameters()[i] += 0.01f * rng.normal();
    return net;
}

void resign(std::vector<uint8_t>& bytes) {  // fix the checksum after a deliberate edit
    const uint32_t c = crc32(bytes.data(), bytes.size() - 4);
    std::memcpy(bytes.data() + bytes.size() - 4, &c, 4);
}

}  // namespace

TEST_CASE("CRC-32 matches the standard check value", "[model]") {
    const char* s = "123456789";
    REQUIRE(crc32(reinterpret_cast<const uint8_t*>(s), 9) == 0xCBF43926u);
}

TEST_CASE("a model saves and loads back bit for bit", "[model]") {
    auto net = random_network(1, {32, 16});
    const std::vector<uint8_t> bytes = serialize_model(*net);
    const ModelFile model = parse_model(bytes.data(), bytes.size(), "m.bin");
    REQUIRE(model.architecture == net->architecture());
    auto loaded = network_from_model(model, 4);
    REQUIRE(loaded->parameter_count() == net->parameter_count());
    REQUIRE(std::memcmp(loaded->parameters(), net->parameters(), net->parameter_count() * 4) == 0);
    REQUIRE(serialize_model(*loaded) == bytes);
}

TEST_CASE("a damaged model file is refused with its reason and the loaded model stays as it was", "[model]") {
    auto net = random_network(2);
    const std::vector<float> before(net->parameters(), net->parameters() + net->parameter_count());
    std::vector<uint8_t> bytes = serialize_model(*random_network(3));
    auto load = [&] { load_parameters(*net, parse_model(bytes.data(), bytes.size(), "model.bin"), "model.bin"); };
    const size_t params_at = bytes.size() - 4 - net->parameter_count() * 4;

    SECTION("wrong magic") {
        bytes[0] = 'X';
        REQUIRE_THROWS_WITH(load(), Contains("model.bin: not a scratchnet model file"));
    }
    SECTION("a newer format version") {
        bytes[4] = 9;
        REQUIRE_THROWS_WITH(load(), Contains("newer scratchnet (format version 9"));
    }
    SECTION("truncated") {
        bytes.resize(bytes.size() - 10);
        REQUIRE_THROWS_WITH(load(), Contains("truncated"));
    }
    SECTION("a flipped bit in the parameters") {
        bytes[params_at + 100] ^= 0x10;
        REQUIRE_THROWS_WITH(load(), Contains("checksum mismatch"));
    }
    SECTION("an architecture whose parameter count does not match the file") {
        bytes[24 + 4] = 17;  // first layer: dense 16 → dense 17, checksum fixed up
        resign(bytes);
        REQUIRE_THROWS_WITH(load(), Contains("architecture (784-17-10) has") && Contains("but the file holds"));
    }
    SECTION("an impossible architecture") {
        bytes[24] = 99;  // first layer's kind
        resign(bytes);
        REQUIRE_THROWS_WITH(load(), Contains("invalid architecture: layer 1 has unknown kind 99"));
    }
    SECTION("a valid file of another architecture") {
        bytes = serialize_model(*random_network(4, {32}));
        REQUIRE_THROWS_WITH(load(), Contains("784-32-10 does not match the network's 784-16-10"));
    }
    SECTION("NaN and infinite parameters") {
        const float bad = GENERATE(std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity());
        std::memcpy(bytes.data() + params_at + 40, &bad, 4);
        resign(bytes);
        REQUIRE_THROWS_WITH(load(), Contains("parameter 10 is"));
    }
    REQUIRE(std::memcmp(net->parameters(), before.data(), before.size() * 4) == 0);
}

TEST_CASE("a CNN model file round-trips bit for bit and a damaged conv layer is refused", "[model][conv]") {
    Network net(Architecture::cnn(), 1);
    Rng rng(5);
    net.initialize(rng, Init::He);
    std::vector<uint8_t> bytes = serialize_model(net);
    const ModelFile model = parse_model(bytes.data(), bytes.size(), "cnn.bin");
    REQUIRE(model.architecture == Architecture::cnn());
    auto loaded = network_from_model(model, 2);
    REQUIRE(serialize_model(*loaded) == bytes);
    REQUIRE(loaded->classes() == 10);

    bytes[24 + 8] = 99;  // the first conv layer's kernel: 5 → 99
    resign(bytes);
    REQUIRE_THROWS_WITH(parse_model(bytes.data(), bytes.size(), "cnn.bin"),
                        Contains("cnn.bin: invalid architecture: layer 1 (conv2d) has 16 filters of 99x99"));
}
