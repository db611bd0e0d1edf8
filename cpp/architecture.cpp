// Building layers from an Architecture, and describing one in words.
#include "architecture.h"
#include <stdexcept>
#include "conv2d.h"
#include "dense.h"
#include "relu.h"

namespace scratchnet {

void invalid_layer(const std::string& message) { throw std::runtime_error(message); }

std::string layer_kind_name(LayerKind kind) {
    switch (kind) {
        case LayerKind::Dense: return "dense";
        case LayerKind::ReLU: return "relu";
        case LayerKind::Conv2D: return "conv2d";
        case LayerKind::MaxPool2D: return "maxpool2d";
    }
    return "unknown layer kind " + std::to_string(static_cast<uint32_t>(kind));
}

Architecture Architecture::mlp(const std::vector<int>& hidden, int inputs, int classes) {
    Architecture arch;
    arch.input = inputs == 784 ? Shape{1, 28, 28} : Shape{inputs, 1, 1};
    for (int h : hidden) {
        arch.layers.push_back({LayerKind::Dense, h});
        arch.layers.push_back({LayerKind::ReLU, 0});
    }
    arch.layers.push_back({LayerKind::Dense, classes});
    return arch;
}

Architecture Architecture::cnn() {
    Architecture arch;
    arch.input = {1, 28, 28};
    arch.layers = {{LayerKind::Conv2D, 16, 5, 0}, {LayerKind::ReLU}, {LayerKind::MaxPool2D},
                   {LayerKind::Conv2D, 32, 5, 0}, {LayerKind::ReLU}, {LayerKind::MaxPool2D},
                   {LayerKind::Dense, 128},       {LayerKind::ReLU}, {LayerKind::Dense, 10}};
    return arch;
}

std::string Architecture::describe() const {
    std::string mlp = std::to_string(input.size());
    std::string list = "input " + std::to_string(input.channels) + "x" + std::to_string(input.height) + "x" +
                       std::to_string(input.width);
    bool is_mlp = true;
    for (size_t i = 0; i < layers.size(); ++i) {
        const LayerSpec& l = layers[i];
        list += ", " + layer_kind_name(l.kind) + (l.size ? " " + std::to_string(l.size) : "");
        if (l.kind == LayerKind::Conv2D)
            list += " " + std::to_string(l.kernel) + "x" + std::to_string(l.kernel) + (l.padding ? " same" : " valid");
        bool dense_expected = i % 2 == 0;
        if (dense_expected != (l.kind == LayerKind::Dense) || (!dense_expected && l.kind != LayerKind::ReLU))
            is_mlp = false;
        if (l.kind == LayerKind::Dense) mlp += "-" + std::to_string(l.size);
    }
    return is_mlp && layers.size() % 2 == 1 ? mlp : list;
}

std::vector<std::unique_ptr<Layer>> build_layers(const Architecture& arch) {
    constexpr int max_units = 1 << 16;
    constexpr int64_t kMaxWeights = int64_t(1) << 26;  // 256 MB of float32: keeps every count inside 32 bits (wasm)
    auto fail = [](size_t i, const std::string& what) {
        throw std::runtime_error("architecture: layer " + std::to_string(i + 1) + " " + what);
    };
    const Shape& in = arch.input;
    if (in.channels <= 0 || in.height <= 0 || in.width <= 0 || in.channels > 4096 || in.height > 4096 ||
        in.width > 4096 || int64_t(in.channels) * in.height * in.width > max_units)
        throw std::runtime_error("architecture: input shape " + std::to_string(arch.input.channels) + "x" +
                                 std::to_string(arch.input.height) + "x" + std::to_string(arch.input.width) +
                                 " is not a valid image shape");
    if (arch.layers.empty()) throw std::runtime_error("architecture: no layers");

    std::vector<std::unique_ptr<Layer>> layers;
    Shape shape = arch.input;
    for (size_t i = 0; i < arch.layers.size(); ++i) {
        const LayerSpec& spec = arch.layers[i];
        switch (spec.kind) {
            case LayerKind::Dense:
                if (spec.size <= 0 || spec.size > max_units)
                    fail(i, "(dense) has " + std::to_string(spec.size) + " outputs; expected 1 to 65536");
                if (int64_t(shape.size()) * spec.size > kMaxWeights)
                    fail(i, "(dense " + std::to_string(shape.size()) + "x" + std::to_string(spec.size) +
                                ") has more than " + std::to_string(kMaxWeights) + " weights");
                layers.push_back(std::make_unique<Dense>(shape.size(), spec.size));
                break;
            case LayerKind::ReLU:
                layers.push_back(std::make_unique<ReLU>(shape));
                break;
            case LayerKind::Conv2D:
                if (spec.size <= 0 || spec.size > 1024 || spec.kernel <= 0 || spec.kernel > 15 ||
                    (spec.padding != 0 && spec.padding != 1) || (spec.padding == 1 && spec.kernel % 2 == 0) ||
                    (spec.padding == 0 && (spec.kernel > shape.height || spec.kernel > shape.width)))
                    fail(i, "(conv2d) has " + std::to_string(spec.size) + " filters of " + std::to_string(spec.kernel) +
                                "x" + std::to_string(spec.kernel) + " with padding " + std::to_string(spec.padding) +
                                ", which does not fit its " + std::to_string(shape.height) + "x" +
                                std::to_string(shape.width) + " input");
                if (int64_t(shape.channels) * spec.kernel * spec.kernel * spec.size > kMaxWeights ||
                    int64_t(spec.size) * shape.height * shape.width > max_units * 16)
                    fail(i, "(conv2d) is too large");
                layers.push_back(std::make_unique<Conv2D>(shape, spec.size, spec.kernel,
                                                          spec.padding ? Padding::Same : Padding::Valid));
                break;
            case LayerKind::MaxPool2D:
                if (shape.height < 2 || shape.width < 2) fail(i, "(maxpool2d) needs at least a 2x2 input");
                layers.push_back(std::make_unique<MaxPool2D>(shape));
                break;
            default:
                fail(i, "has unknown kind " + std::to_string(static_cast<uint32_t>(spec.kind)));
        }
        shape = layers.back()->output_shape();
    }
    if (arch.layers.back().kind != LayerKind::Dense)
        throw std::runtime_error("architecture: the last layer must be dense (it feeds the softmax head)");
    return layers;
}

}  // namespace scratchnet
