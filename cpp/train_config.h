// Everything that defines a training run, and the named presets: `mlp` (the default) and `seed` (the origin story).
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "architecture.h"
#include "augment.h"
#include "layer.h"
#include "optimizer.h"

namespace scratchnet {

struct TrainConfig {
    std::string preset = "mlp";
    std::string network = "mlp";      // "mlp" (784, the hidden sizes, 10) or "cnn" (Architecture::cnn)
    std::vector<int> hidden = {128};  // the MLP's hidden layers
    Init init = Init::He;
    OptimizerConfig optimizer;  // kind, learning rate, weight decay
    int batch_size = 64;        // batch_size >= the training set size is full-batch gradient descent
    int epochs = 10;
    bool lr_decay = true;       // cosine decay of the learning rate to 0 over the run
    bool augment = false;
    AugmentConfig augmentation;
    uint64_t seed = 1;
    int train_samples = 0;      // 0 = the whole training set
    int threads = 1;            // data-parallel: each thread takes part of every batch (see Trainer)
};

// "mlp", "seed" or "cnn"; throws std::runtime_error naming the known presets otherwise.
TrainConfig preset_config(const std::string& name);

// The network a config trains.
Architecture architecture_of(const TrainConfig& config);

Init parse_init(const std::string& name);  // "he", "xavier", "small"
std::string init_name(Init init);

}  // namespace scratchnet

namespace scratchnet {

// Sets one field by its option name, as the CLI (`--lr 0.01`) and the page spell it: hidden ("128" or
// "256,128"), init, optimizer, lr, batch, epochs, weight-decay, lr-decay (on/off), augment (on/off),
// writing-styles (on/off: the strokes of writing_styles.h, part of augmentation), seed,
// train-samples. Throws std::runtime_error naming the option and the accepted values on a bad value.
void apply_train_option(TrainConfig& config, const std::string& name, const std::string& value);

// The options that rebuild `config` through parse_train_options (the page shows a preset's values with it).
std::string train_options_string(const TrainConfig& config);

// The number in an option's value, or std::runtime_error "--name: 'value' is not a number from lo to hi".
double parse_number(const std::string& name, const std::string& value, double lo, double hi);

// A config from "preset=mlp lr=0.01 batch=32": the preset first (default mlp), then each option over it.
TrainConfig parse_train_options(const std::string& text);

}  // namespace scratchnet
