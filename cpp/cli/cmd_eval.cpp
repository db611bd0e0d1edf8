// `scratchnet eval model.bin`: loss, accuracy ±, per-class accuracy, confusion matrix on the MNIST test set.
#include <cstdio>
#include "commands.h"
#include "evaluate.h"
#include "json.h"
#include "model_file.h"

namespace scratchnet::cli {

int cmd_eval(const Args& args) {
    args.allow_only({"json", "data"});
    if (args.positional().size() != 1) throw UsageError("eval takes one model file");
    const std::string path = args.positional()[0];
    auto net = network_from_model(read_model(path), 1000);
    const Dataset test = load_mnist(data_dir(args), "test");
    const Evaluation e = evaluate(*net, test);

    if (args.flag("json")) {
        std::string confusion = "[";
        for (int t = 0; t < 10; ++t) confusion += std::string(t ? "," : "") + json_array(e.confusion[t]);
        std::printf("{\"model\":%s,\"architecture\":%s,\"count\":%d,\"test_loss\":%s,\"test_accuracy\":%s,"
                    "\"test_accuracy_stderr\":%s,\"class_accuracy\":%s,\"confusion\":%s]}\n",
                    json_string(path).c_str(), json_string(net->architecture().describe()).c_str(), e.count,
                    json_number(e.loss).c_str(), json_number(e.accuracy).c_str(),
                    json_number(e.accuracy_stderr).c_str(), json_array(e.class_accuracy).c_str(), confusion.c_str());
        return 0;
    }
    std::printf("%s (%s) on %d test digits\n", path.c_str(), net->architecture().describe().c_str(), e.count);
    std::printf("loss %.4f  accuracy %.2f%% ± %.2f%%\n\nper class:", e.loss, 100 * e.accuracy,
                100 * e.accuracy_stderr);
    for (int c = 0; c < 10; ++c) std::printf("  %d: %.1f%%", c, 100 * e.class_accuracy[c]);
    std::printf("\n\nconfusion (rows: true digit, columns: predicted)\n      ");
    for (int p = 0; p < 10; ++p) std::printf("%6d", p);
    std::printf("\n");
    for (int t = 0; t < 10; ++t) {
        std::printf("  %d : ", t);
        for (int p = 0; p < 10; ++p) std::printf("%6d", e.confusion[t][p]);
        std::printf("\n");
    }
    return 0;
}

}  // namespace scratchnet::cli
