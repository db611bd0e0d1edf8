// `scratchnet predict model.bin image.png`: the drawing → MNIST preprocessing, then the ten probabilities.
#include <cstdio>
#include "commands.h"
#include "image_file.h"
#include "json.h"
#include "model_file.h"
#include "preprocess.h"

namespace scratchnet::cli {

int cmd_predict(const Args& args) {
    args.allow_only({"json"});
    if (args.positional().size() != 2) throw UsageError("predict takes a model file and an image file");
    auto net = network_from_model(read_model(args.positional()[0]), 1);
    const GrayImage img = read_drawing(args.positional()[1]);

    const PreprocessResult pre = preprocess_drawing(img.pixels.data(), img.width, img.height, net->input(1).data());
    if (pre.empty) {
        if (args.flag("json")) std::printf("{\"empty\":true,\"prediction\":null,\"probabilities\":null}\n");
        else std::printf("%s: no digit found (the image is empty or holds only a speck)\n", args.positional()[1].c_str());
        return 0;
    }
    ConstMatMap probs = net->forward(1);
    Index best;
    probs.col(0).maxCoeff(&best);
    if (args.flag("json")) {
        std::vector<float> p(probs.data(), probs.data() + 10);
        std::printf("{\"empty\":false,\"prediction\":%d,\"probabilities\":%s}\n", int(best), json_array(p).c_str());
        return 0;
    }
    std::printf("prediction: %d (%.1f%%)\n", int(best), 100 * probs(best, 0));
    for (int c = 0; c < 10; ++c) {
        const int bar = int(probs(c, 0) * 40 + 0.5f);
        std::printf("  %d  %5.1f%%  %.*s\n", c, 100 * probs(c, 0), bar, "########################################");
    }
    return 0;
}

}  // namespace scratchnet::cli
