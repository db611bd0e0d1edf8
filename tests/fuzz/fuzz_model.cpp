// libFuzzer target for the model-file loader: any input gives a working network or a std::runtime_error.
#include <cstdint>
#include <stdexcept>
#include "model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        scratchnet::ModelFile model = scratchnet::parse_model(data, size, "model");
        auto net = scratchnet::network_from_model(model, 1);
        net->input(1).setZero();
        net->forward(1);  // a loaded model must be usable
    } catch (const std::runtime_error&) {
    }
    return 0;
}
