// `scratchnet bench`: training throughput, the cost of a training step beside its matrix products alone,
// and single-image inference latency. Figures are medians of repeated timings (the machine may be noisy).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>
#include "commands.h"
#include "batch.h"
#include "dense.h"
#include "json.h"
#include "softmax_cross_entropy.h"
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
        real = false;  // no MNIST: random digits (no blank pixels, so the first layer skips none: slower)
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

// The matrix products one training step of `net` performs, alone, on matrices of the same shapes, in full: the
// first layer's skip the pixels blank in the whole batch (nonzero_rows.h), so on MNIST a step can take less.
double gemm_only_seconds(const Network& net, int B, double seconds) {
    std::vector<Mat> W, x, y, dy, dW, dx;
    for (auto& layer : net.layers()) {
        // Dense: W (out × in) times x (in × B). Conv2D: the patches (B·P × K) times Wᵀ (K × filters), written in
        // the same form with in = K, out = filters and B·P columns.
        const LayerSpec spec = layer->spec();
        if (spec.kind != LayerKind::Dense && spec.kind != LayerKind::Conv2D) continue;
        const Shape is = layer->input_shape(), os = layer->output_shape();
        const bool conv = spec.kind == LayerKind::Conv2D;
        const int in = conv ? is.channels * spec.kernel * spec.kernel : is.size(), out = conv ? os.channels : os.size();
        const int cols = conv ? B * os.height * os.width : B;
        W.push_back(Mat::Random(out, in)), x.push_back(Mat::Random(in, cols)), y.push_back(Mat(out, cols));
        dy.push_back(Mat::Random(out, cols)), dW.push_back(Mat(out, in)), dx.push_back(Mat(in, cols));
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

StepFigures bench_training(const TrainConfig& preset, const Dataset& data, int B, double seconds) {
    TrainConfig config = preset;
    config.batch_size = B;
    config.epochs = 1000;  // never finishes within the timing
    Network net(architecture_of(config), B);
    Trainer trainer(net, data, config);
    for (int i = 0; i < 20; ++i) trainer.step();  // warm up caches and the optimizer state
    const double step = median_seconds([&] { trainer.step(); }, seconds);
    const double gemm = gemm_only_seconds(net, B, seconds / 2);
    return {B, B / step, step * 1e6, gemm * 1e6};
}

struct Part {
    std::string name;
    double microseconds;
};

// Where one training step's time goes: the same work as Trainer::step, piece by piece, each timed alone.
std::vector<Part> step_breakdown(const TrainConfig& config, const Dataset& data, int B, double seconds) {
    const Architecture arch = architecture_of(config);
    auto layers = build_layers(arch);
    Index count = 0;
    for (auto& l : layers) count += l->parameter_count();
    std::vector<float> params(count), grads(count);
    Rng rng(1);
    Index offset = 0;
    for (auto& l : layers) {
        l->bind(params.data() + offset, grads.data() + offset);
        l->initialize(rng, Init::He);
        offset += l->parameter_count();
    }
    std::vector<std::vector<float>> acts{std::vector<float>(size_t(arch.input.size()) * B)};
    size_t widest = 0;
    for (auto& l : layers) {
        acts.emplace_back(size_t(l->output_shape().size()) * B);
        widest = std::max(widest, acts.back().size());
    }
    std::vector<float> probs(10 * B), dy(widest), dx(widest);
    std::vector<uint32_t> order(B);
    for (int i = 0; i < B; ++i) order[i] = uint32_t(rng.below(uint32_t(data.count)));
    std::vector<uint8_t> labels(B);
    Optimizer optimizer(config.optimizer, count);
    const double t = seconds / (4 + 2 * layers.size());

    std::vector<Part> parts;
    auto time = [&](const std::string& name, const std::function<void()>& work) {
        parts.push_back({name, 1e6 * median_seconds(work, t)});
    };
    time("gather batch (uint8 -> float)", [&] {
        gather_batch(data, order.data(), B, acts[0].data(), labels.data(), nullptr, rng);
    });
    auto name = [&](size_t i) {
        const Layer& l = *layers[i];
        auto shape = [](Shape s) {
            return s.height * s.width == 1 ? std::to_string(s.channels)
                                           : std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" +
                                                 std::to_string(s.width);
        };
        return std::to_string(i + 1) + " " + layer_kind_name(l.spec().kind) + " " + shape(l.input_shape()) + "->" +
               shape(l.output_shape());
    };
    for (size_t i = 0; i < layers.size(); ++i) {
        const int in = layers[i]->input_shape().size(), out = layers[i]->output_shape().size();
        time(name(i) + " forward", [&] { layers[i]->forward(ConstMatMap(acts[i].data(), in, B), MatMap(acts[i + 1].data(), out, B)); });
    }
    time("softmax + loss + its gradient", [&] {
        softmax(ConstMatMap(acts.back().data(), 10, B), MatMap(probs.data(), 10, B));
        const ConstMatMap p(probs.data(), 10, B);
        cross_entropy(p, labels.data());
        softmax_cross_entropy_backward(p, labels.data(), MatMap(dy.data(), 10, B), B);
    });
    for (size_t i = layers.size(); i-- > 0;) {
        const int in = layers[i]->input_shape().size(), out = layers[i]->output_shape().size();
        time(name(i) + " backward", [&] {
            layers[i]->backward(ConstMatMap(acts[i].data(), in, B), ConstMatMap(acts[i + 1].data(), out, B),
                                ConstMatMap(dy.data(), out, B), MatMap(i == 0 ? nullptr : dx.data(), in, B));
        });
    }
    time(optimizer_name(config.optimizer.kind) + " update (" + std::to_string(count) + " parameters)",
         [&] { optimizer.step(params.data(), grads.data()); });
    return parts;
}

}  // namespace

int cmd_bench(const Args& args) {
    args.allow_only({"json", "data", "seconds", "network"});
    const double seconds = parse_number("seconds", args.get("seconds", "2"), 0.01, 3600);
    const std::string network = args.get("network", "mlp");
    if (network != "mlp" && network != "cnn")
        throw std::runtime_error("bench: unknown --network '" + network + "' (use mlp or cnn)");
    const TrainConfig config = preset_config(network);
    const Architecture arch = architecture_of(config);
    bool real = false;
    const Dataset data = bench_data(args, real);

    std::vector<StepFigures> steps;
    for (int B : {64, 128}) steps.push_back(bench_training(config, data, B, seconds));

    // Inference: one drawing, preprocessed once, then the forward pass of a single image.
    Network net(arch, 1);
    Rng rng(3);
    net.initialize(rng, Init::He);
    std::vector<uint8_t> drawing(280 * 280, 0);
    for (int y = 60; y < 220; ++y)
        for (int x = 130; x < 150; ++x) drawing[y * 280 + x] = 255;  // a thick "1"
    const double preprocess_us =
        1e6 * median_seconds([&] { preprocess_drawing(drawing.data(), 280, 280, net.input(1).data()); }, seconds / 4);
    const double inference_us = 1e6 * median_seconds([&] { net.forward(1); }, seconds / 4);
    const std::vector<Part> parts = step_breakdown(config, data, 64, seconds);

    if (args.flag("json")) {
        std::string s = "[";
        for (size_t i = 0; i < steps.size(); ++i)
            s += std::string(i ? "," : "") + "{\"batch\":" + std::to_string(steps[i].batch) +
                 ",\"train_samples_per_second\":" + json_number(steps[i].samples_per_second) +
                 ",\"step_microseconds\":" + json_number(steps[i].step_microseconds) +
                 ",\"gemm_microseconds\":" + json_number(steps[i].gemm_microseconds) + "}";
        std::string breakdown = "[";
        for (size_t i = 0; i < parts.size(); ++i)
            breakdown += std::string(i ? "," : "") + "{\"part\":" + json_string(parts[i].name) +
                         ",\"microseconds\":" + json_number(parts[i].microseconds) + "}";
        std::printf("{\"network\":%s,\"parameters\":%lld,\"data\":%s,\"training\":%s],\"train_samples_per_second\":%s,\"inference_microseconds\":%s,"
                    "\"preprocess_microseconds\":%s,\"step_breakdown_batch64\":%s]}\n",
                    json_string(arch.describe()).c_str(), (long long)net.parameter_count(),
                    real ? "\"mnist\"" : "\"random\"", s.c_str(), json_number(steps[0].samples_per_second).c_str(),
                    json_number(inference_us).c_str(), json_number(preprocess_us).c_str(), breakdown.c_str());
        return 0;
    }
    std::printf("%s %s (%lld parameters), %s, %s data, medians\n", network.c_str(), arch.describe().c_str(),
                (long long)net.parameter_count(), optimizer_name(config.optimizer.kind).c_str(), real ? "MNIST" : "random");
    for (auto& s : steps)
        std::printf("  batch %3d: %8.0f samples/s   step %7.1f us   its matrix products alone %7.1f us  (step/GEMM %.2fx)\n",
                    s.batch, s.samples_per_second, s.step_microseconds, s.gemm_microseconds,
                    s.step_microseconds / s.gemm_microseconds);
    std::printf("  inference of one preprocessed digit: %.2f us   (preprocessing a 280x280 drawing: %.1f us)\n",
                inference_us, preprocess_us);
    double total = 0;
    for (auto& p : parts) total += p.microseconds;
    std::printf("\nwhere a batch-64 step's time goes (each part timed alone, median):\n");
    for (auto& p : parts)
        std::printf("  %-40s %8.1f us  %5.1f%%\n", p.name.c_str(), p.microseconds, 100 * p.microseconds / total);
    std::printf("  %-40s %8.1f us\n", "sum", total);
    return 0;
}

}  // namespace scratchnet::cli
