// `scratchnet bench`: training throughput, the cost of a training step beside its matrix products alone,
// and single-image inference latency. Figures are medians of repeated timings (the machine may be noisy).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>
#include "commands.h"
#include "dense.h"
#include "json.h"
#include "preprocess.h"
#include "trainer.h"

namespace scratchnet::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Runs `work` repeatedly for about `seconds`; returns the median time of one call, in seconds.
double median_seconds(const std::function<void()>& work, double seconds) {
    std::vector<double> times;
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    do {
        const Clock::time_point start = Clock::now();
        work();
        times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    } while (Clock::now() < end || times.size() < 5);
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    return times[times.size() / 2];
}

Dataset bench_data(const Args& args, bool& real) {
    try {
        real = true;
        return load_mnist(data_dir(args), "train");
    } catch (const std::exception&) {
        real = false;  // no MNIST: random digits cost the same to train on
        Dataset d;
        d.count = 10000;
        d.images.resize(size_t(d.count) * 784);
        d.labels.resize(d.count);
        Rng rng(7);
        for (auto& p : d.images) p = uint8_t(rng.below(256));
        for (auto& l : d.labels) l = uint8_t(rng.below(10));
        return d;
    }
}

struct StepFigures {
    int batch;
    double samples_per_second, step_microseconds, gemm_microseconds;
};

// The matrix products one training step of `net` performs, alone, on matrices of the same shapes.
double gemm_only_seconds(const Network& net, int B, double seconds) {
    std::vector<Mat> W, x, y, dy, dW, dx;
    for (auto& layer : net.layers()) {
        if (layer->spec().kind != LayerKind::Dense) continue;
        const int in = layer->input_shape().size(), out = layer->output_shape().size();
        W.push_back(Mat::Random(out, in)), x.push_back(Mat::Random(in, B)), y.push_back(Mat(out, B));
        dy.push_back(Mat::Random(out, B)), dW.push_back(Mat(out, in)), dx.push_back(Mat(in, B));
    }
    return median_seconds(
        [&] {
            for (size_t l = 0; l < W.size(); ++l) {
                y[l].noalias() = W[l] * x[l];
                dW[l].noalias() = dy[l] * x[l].transpose();
                if (l > 0) dx[l].noalias() = W[l].transpose() * dy[l];
            }
        },
        seconds);
}

StepFigures bench_training(const Dataset& data, int B, double seconds) {
    TrainConfig config = preset_config("mlp");
    config.batch_size = B;
    config.epochs = 1000;  // never finishes within the timing
    Network net(Architecture::mlp(config.hidden), B);
    Trainer trainer(net, data, config);
    for (int i = 0; i < 20; ++i) trainer.step();  // warm up caches and the optimizer state
    const double step = median_seconds([&] { trainer.step(); }, seconds);
    const double gemm = gemm_only_seconds(net, B, seconds / 2);
    return {B, B / step, step * 1e6, gemm * 1e6};
}

}  // namespace

int cmd_bench(const Args& args) {
    args.allow_only({"json", "data", "seconds"});
    const double seconds = std::stod(args.get("seconds", "2"));
    bool real = false;
    const Dataset data = bench_data(args, real);

    std::vector<StepFigures> steps;
    for (int B : {64, 128}) steps.push_back(bench_training(data, B, seconds));

    // Inference: one drawing, preprocessed once, then the forward pass of a single image.
    Network net(Architecture::mlp({128}), 1);
    Rng rng(3);
    net.initialize(rng, Init::He);
    std::vector<uint8_t> drawing(280 * 280, 0);
    for (int y = 60; y < 220; ++y)
        for (int x = 130; x < 150; ++x) drawing[y * 280 + x] = 255;  // a thick "1"
    const double preprocess_us =
        1e6 * median_seconds([&] { preprocess_drawing(drawing.data(), 280, 280, net.input(1).data()); }, seconds / 4);
    const double inference_us = 1e6 * median_seconds([&] { net.forward(1); }, seconds / 4);

    if (args.flag("json")) {
        std::string s = "[";
        for (size_t i = 0; i < steps.size(); ++i)
            s += std::string(i ? "," : "") + "{\"batch\":" + std::to_string(steps[i].batch) +
                 ",\"train_samples_per_second\":" + json_number(steps[i].samples_per_second) +
                 ",\"step_microseconds\":" + json_number(steps[i].step_microseconds) +
                 ",\"gemm_microseconds\":" + json_number(steps[i].gemm_microseconds) + "}";
        std::printf("{\"data\":%s,\"training\":%s],\"train_samples_per_second\":%s,\"inference_microseconds\":%s,"
                    "\"preprocess_microseconds\":%s}\n",
                    real ? "\"mnist\"" : "\"random\"", s.c_str(), json_number(steps[0].samples_per_second).c_str(),
                    json_number(inference_us).c_str(), json_number(preprocess_us).c_str());
        return 0;
    }
    std::printf("mlp 784-128-10, Adam, %s data, medians\n", real ? "MNIST" : "random");
    for (auto& s : steps)
        std::printf("  batch %3d: %8.0f samples/s   step %7.1f us   its matrix products alone %7.1f us  (step/GEMM %.2fx)\n",
                    s.batch, s.samples_per_second, s.step_microseconds, s.gemm_microseconds,
                    s.step_microseconds / s.gemm_microseconds);
    std::printf("  inference of one preprocessed digit: %.2f us   (preprocessing a 280x280 drawing: %.1f us)\n",
                inference_us, preprocess_us);
    return 0;
}

}  // namespace scratchnet::cli
