// ReLU activation: y = max(x, 0). No parameters.
#pragma once
#include "layer.h"

namespace scratchnet {

class ReLU : public Layer {
public:
    explicit ReLU(Shape shape) : shape_(shape) {}
    LayerSpec spec() const override { return {LayerKind::ReLU, 0}; }
    Shape input_shape() const override { return shape_; }
    Shape output_shape() const override { return shape_; }
    void forward(ConstMatMap x, MatMap y) override { y = x.cwiseMax(0.0f); }
    // dL/dx = dL/dy where the unit was active (y > 0), else 0.
    void backward(ConstMatMap /*x*/, ConstMatMap y, ConstMatMap dy, MatMap dx) override {
        if (dx.data()) dx.array() = dy.array() * (y.array() > 0.0f).cast<float>();  // vectorizes, unlike select()
    }

private:
    Shape shape_;
};

}  // namespace scratchnet
