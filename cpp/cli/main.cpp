// scratchnet: the command-line trainer. `scratchnet <train|eval|predict|bench> [options]`.
#include <cstdio>
#include <cstring>
#include <exception>
#include "commands.h"

using namespace scratchnet::cli;

static const char* kUsage = R"(usage: scratchnet <command> [options]

commands:
  train   [--preset mlp|seed|cnn] [options] [--out model.bin] [--json]
          Trains on MNIST, printing one line per epoch (train loss, test accuracy, samples/s).
          options override the preset: --network mlp|cnn  --hidden 128 (or 256,128)  --init he|xavier|small
            --optimizer sgd|momentum|adam  --lr 0.001  --batch 64  --epochs 12  --weight-decay 0
            --lr-decay on|off  --augment on|off  --writing-styles on|off (flags on 1s, bars on 7s; part of augment)
            --seed 1  --train-samples 60000 (0 = all)
            --threads 2  split every batch across threads (data-parallel; results differ in the last bits)
            --eval-every N  also measure test accuracy every N batches (for time-to-accuracy figures)
  eval    model.bin [--json]
          Loss, accuracy ± standard error, per-class accuracy and the confusion matrix on the 10k test set.
  predict model.bin image.(png|pgm|jpg) [--json]
          Preprocesses a drawing the MNIST way and prints the ten probabilities.
  bench   [--network mlp|cnn] [--json] [--seconds 2]
          Training samples/s, one training step beside its matrix products alone, and inference latency.

Every command that reads MNIST takes --data DIR (default: the cache filled by scripts/fetch_mnist.sh).
)";

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    try {
        Args args(argc, argv, 2);
        if (args.flag("help")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (command == "train") return cmd_train(args);
        if (command == "eval") return cmd_eval(args);
        if (command == "predict") return cmd_predict(args);
        if (command == "bench") return cmd_bench(args);
        throw UsageError("unknown command '" + command + "'");
    } catch (const UsageError& e) {
        std::fprintf(stderr, "scratchnet: %s\n\n%s", e.what(), kUsage);
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scratchnet %s: %s\n", command.c_str(), e.what());
        return 1;
    }
}
