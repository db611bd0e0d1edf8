// `scratchnet train`: trains a preset (with overrides) on MNIST, reports per epoch, saves the model.
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include "commands.h"
#include "evaluate.h"
#include "json.h"
#include "model_file.h"
#include "trainer.h"

namespace scratchnet::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct HistoryPoint {
    int epoch;              // completed epochs at this point (fractional progress in `samples`)
    long long samples;      // training samples seen
    double train_seconds;   // training time only: evaluation is not counted
    double train_loss;      // mean batch loss since the previous point
    double test_accuracy;
};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void draw_progress(const Trainer& t, double seconds, double loss) {
    const double done = double(t.epoch() * t.batches_per_epoch() + t.batch_in_epoch()) /
                        (double(t.config().epochs) * t.batches_per_epoch());
    const int width = 30, filled = int(done * width);
    const double eta = done > 0 ? seconds * (1 - done) / done : 0;
    std::fprintf(stderr, "\r[%.*s%*s] %5.1f%%  epoch %d/%d  loss %.4f  ETA %.0fs ", filled,
                 "##############################", width - filled, "", 100 * done,
                 std::min(t.epoch() + 1, t.config().epochs), t.config().epochs,
                 loss, eta);
    std::fflush(stderr);
}

double first_time_reaching(const std::vector<HistoryPoint>& history, double accuracy) {
    for (auto& p : history)
        if (p.test_accuracy >= accuracy) return p.train_seconds;
    return NAN;
}

}  // namespace

int cmd_train(const Args& args) {
    args.allow_only({"preset", "network", "hidden", "init", "optimizer", "lr", "batch", "epochs", "weight-decay", "lr-decay",
                     "augment", "writing-styles", "seed", "train-samples", "threads", "out", "json", "quiet", "data", "eval-every"});
    TrainConfig config = preset_config(args.get("preset", "mlp"));
    for (auto& [name, value] : args.options())
        if (name != "preset" && name != "out" && name != "data" && name != "eval-every")
            apply_train_option(config, name, value);
    const bool json = args.flag("json"), progress = !json && !args.flag("quiet") && isatty(STDERR_FILENO);
    const int eval_every = int(parse_number("eval-every", args.get("eval-every", "0"), 0, 1e9));

    const std::string dir = data_dir(args);
    const Dataset train = load_mnist(dir, "train");
    const Dataset test = load_mnist(dir, "test");

    const int batch = effective_batch_size(config, train.count);
    Network net(architecture_of(config), std::max(batch, 500));
    Trainer trainer(net, train, config);
    if (!json)
        std::printf("training %s (%s, %s lr %g, batch %d, %d epochs%s) on %d samples, seed %llu\n",
                    config.preset.c_str(), net.architecture().describe().c_str(),
                    optimizer_name(config.optimizer.kind).c_str(), config.optimizer.learning_rate, batch,
                    config.epochs, config.augment ? ", augmented" : "", trainer.samples(),
                    static_cast<unsigned long long>(config.seed));

    std::vector<HistoryPoint> history;
    double train_seconds = 0, loss_sum = 0;
    int loss_count = 0, batches = 0;
    auto record = [&]() {
        const double accuracy = evaluate(net, test, 0, trainer.pool()).accuracy;
        history.push_back({trainer.epoch(), trainer.samples_seen(), train_seconds, loss_sum / loss_count, accuracy});
        loss_sum = 0, loss_count = 0;
    };

    Clock::time_point last_draw = Clock::now();
    while (!trainer.finished()) {
        const int epoch_before = trainer.epoch();
        const Clock::time_point start = Clock::now();
        // Many steps at once (on threads, one run of the pool), up to the next evaluation or progress redraw.
        const int steps = eval_every > 0 ? eval_every - batches % eval_every : std::numeric_limits<int>::max();
        const Trainer::Steps done = trainer.train_steps(steps, start + std::chrono::milliseconds(100));
        train_seconds += seconds_since(start);
        batches += done.count;
        const float loss = done.last_loss;
        if (done.diverged) {
            if (progress) std::fputc('\n', stderr);
            std::fprintf(stderr,
                         "scratchnet train: training diverged in epoch %d, batch %d (loss is %s). Try a lower "
                         "learning rate than %g. No model was saved.\n",
                         epoch_before + 1, trainer.batch_in_epoch(), std::isnan(loss) ? "NaN" : "infinite",
                         config.optimizer.learning_rate);
            return 3;
        }
        loss_sum += done.loss_sum, loss_count += done.count;
        const bool epoch_done = trainer.epoch() != epoch_before;
        if (epoch_done || (eval_every > 0 && batches % eval_every == 0)) record();
        if (epoch_done && !json) {
            const HistoryPoint& p = history.back();
            if (progress) std::fputs("\r\033[K", stderr);
            std::printf("epoch %3d  train loss %.4f  test accuracy %.2f%%  %.0f samples/s\n", p.epoch, p.train_loss,
                        100 * p.test_accuracy, p.samples / std::max(p.train_seconds, 1e-9));
            std::fflush(stdout);
        }
        if (progress && seconds_since(last_draw) > 0.1) {
            draw_progress(trainer, train_seconds, loss);
            last_draw = Clock::now();
        }
    }
    if (progress) std::fputs("\r\033[K", stderr);

    const Evaluation final_eval = evaluate(net, test, 0, trainer.pool());
    const double samples_per_second = trainer.samples_seen() / train_seconds;
    if (args.has("out")) save_model(net, args.get("out"));

    if (json) {
        std::string h = "[";
        for (size_t i = 0; i < history.size(); ++i) {
            const HistoryPoint& p = history[i];
            h += std::string(i ? "," : "") + "{\"epoch\":" + std::to_string(p.epoch) +
                 ",\"samples\":" + std::to_string(p.samples) + ",\"train_seconds\":" + json_number(p.train_seconds) +
                 ",\"train_loss\":" + json_number(p.train_loss) + ",\"test_accuracy\":" + json_number(p.test_accuracy) +
                 "}";
        }
        std::printf(
            "{\"preset\":%s,\"architecture\":%s,\"test_accuracy\":%s,\"test_accuracy_stderr\":%s,\"test_loss\":%s,"
            "\"train_seconds\":%s,\"epochs\":%d,\"samples_per_second\":%s,\"time_to_94_seconds\":%s,"
            "\"time_to_97_seconds\":%s,\"time_to_99_seconds\":%s,\"threads_waiting_share\":%s,\"history\":%s]}\n",
            json_string(config.preset).c_str(), json_string(net.architecture().describe()).c_str(),
            json_number(final_eval.accuracy).c_str(), json_number(final_eval.accuracy_stderr).c_str(),
            json_number(final_eval.loss).c_str(), json_number(train_seconds).c_str(), config.epochs,
            json_number(samples_per_second).c_str(), json_number(first_time_reaching(history, 0.94)).c_str(),
            json_number(first_time_reaching(history, 0.97)).c_str(),
            json_number(first_time_reaching(history, 0.99)).c_str(), json_number(trainer.thread_waiting_share()).c_str(),
            h.c_str());
    } else {
        std::printf("test accuracy %.2f%% ± %.2f%%, %.1f s of training (%.0f samples/s)", 100 * final_eval.accuracy,
                    100 * final_eval.accuracy_stderr, train_seconds, samples_per_second);
        const double t94 = first_time_reaching(history, 0.94);
        if (std::isfinite(t94)) std::printf(", 94%% after %.2f s", t94);
        std::printf("\n");
        const std::vector<int> units = trainer.hidden_units_per_thread();
        if (!units.empty()) {
            std::printf("hidden units per thread at the end:");
            for (size_t t = 0; t < units.size(); ++t) std::printf("%s%d", t ? " + " : " ", units[t]);
            std::printf(" (a faster core takes more)\n");
        }
        if (config.threads > 1)
            std::printf("the threads waited for each other %.0f%% of their time\n", 100 * trainer.thread_waiting_share());
        if (!units.empty())
            std::printf("a thread redid %ld tasks another was held up in, and finished %ld of them first\n",
                        trainer.tasks_redone(), trainer.tasks_redone_first());
        if (args.has("out")) std::printf("saved %s\n", args.get("out").c_str());
    }
    return 0;
}

}  // namespace scratchnet::cli
