// What a network is made of: the input shape and the list of layers, as the model file records it.
// The softmax + cross-entropy head always follows the last layer and is not listed.
#pragma once
#include <memory>
#include <string>
#include <vector>
#include "layer.h"

namespace scratchnet {

struct Architecture {
    Shape input{1, 28, 28};
    std::vector<LayerSpec> layers;

    // 784-h1-…-10 with a ReLU after every hidden Dense layer.
    static Architecture mlp(const std::vector<int>& hidden, int inputs = 784, int classes = 10);
    // LeNet-style: conv 5×5×16 → ReLU → pool → conv 5×5×32 → ReLU → pool → dense 128 → ReLU → 10, "valid"
    // convolutions (28 → 24 → 12 → 8 → 4): 80,202 parameters. "Same" padding would cost 3× the arithmetic
    // (its accuracy was not measured to the end). No Flatten layer is needed: activations are stored flattened (C, H, W) already.
    static Architecture cnn();
    std::string describe() const;  // "784-128-10" for an MLP, else the layer list
    bool operator==(const Architecture& o) const { return input == o.input && layers == o.layers; }
};

// Builds the layers, checking that each fits the one before. Throws std::runtime_error naming the bad layer.
std::vector<std::unique_ptr<Layer>> build_layers(const Architecture& arch);

}  // namespace scratchnet
