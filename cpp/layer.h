// The layer interface every layer kind implements (Dense, ReLU; convolution and pooling can join later).
// Layers own no memory: the Network hands them views of its one parameter buffer and its activation buffers.
#pragma once
#include <string>
#include "tensor.h"

namespace scratchnet {

class Rng;

enum class Init { He, Xavier, Small };  // Small = randn * 0.01, the origin story's choice

// What a layer is, as recorded in the model file. `size`: Dense's outputs, Conv2D's filters; `kernel` and
// `padding` (0 valid, 1 same): Conv2D's.
enum class LayerKind : uint32_t { Dense = 1, ReLU = 2, Conv2D = 3, MaxPool2D = 4 };
struct LayerSpec {
    LayerKind kind;
    int size = 0, kernel = 0, padding = 0;
    bool operator==(const LayerSpec& o) const {
        return kind == o.kind && size == o.size && kernel == o.kernel && padding == o.padding;
    }
};
std::string layer_kind_name(LayerKind kind);

struct ParamRange {  // offsets [begin, end) into one layer's parameters
    Index begin = 0, end = 0;
};

class Layer {
public:
    virtual ~Layer() = default;
    virtual LayerSpec spec() const = 0;
    virtual Shape input_shape() const = 0;
    virtual Shape output_shape() const = 0;
    virtual Index parameter_count() const { return 0; }

    // Points the layer at its slice of the network's parameter and gradient buffers (same layout).
    virtual void bind(float* /*params*/, float* /*grads*/) {}
    virtual void initialize(Rng& /*rng*/, Init /*init*/) {}

    // x: (in × B) → y: (out × B). Keeps no state between calls: backward gets x and y passed in again.
    virtual void forward(ConstMatMap x, MatMap y) = 0;
    // Writes the parameter gradients (replacing, not accumulating) and dx = dLoss/dx.
    // dx.data() == nullptr means nobody needs dx (the first layer): it is skipped, saving a whole matrix product.
    virtual void backward(ConstMatMap x, ConstMatMap y, ConstMatMap dy, MatMap dx) = 0;

    // Data-parallel training (several threads, each with a run of the batch's columns) lets a layer with large
    // weights split its work by inputs instead, so each thread only ever touches its own run of the weights (a
    // weight that two threads read and one writes costs a cache transfer every step; for Dense these transfers
    // cost more than the arithmetic they would save). Such a layer (Dense) answers true and provides:
    //   forward_part:       its run of inputs' contribution to y over the whole batch (the parts' sum is y);
    //   backward_input:     dx only, for one thread's columns (the parameter gradient is left for later);
    //   parameter_gradient: once every thread is done with backward, the gradient of its run of parameters over
    //                       the whole batch, returning which parameters those are (offsets into this layer's).
    // Other layers (Conv2D, whose scratch memory is per thread) run forward and backward on each thread's columns,
    // and the threads' gradients are summed.
    virtual bool splits_by_inputs() const { return false; }
    virtual void forward_part(ConstMatMap /*x*/, MatMap /*partial*/, int /*part*/, int /*parts*/) {}
    virtual void backward_input(ConstMatMap x, ConstMatMap y, ConstMatMap dy, MatMap dx) { backward(x, y, dy, dx); }
    virtual ParamRange parameter_gradient(ConstMatMap /*x*/, ConstMatMap /*dy*/, int /*part*/, int /*parts*/) {
        return {};
    }
};

// Throws std::runtime_error(message): for layer constructors given an impossible shape. (Defined apart, in
// architecture.cpp, so the files that only compute can be compiled without exceptions: cmake/wasm.cmake.)
[[noreturn]] void invalid_layer(const std::string& message);

}  // namespace scratchnet
