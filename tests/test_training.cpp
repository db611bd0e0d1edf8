// Training end to end on real MNIST subsets: it learns, and the same seed gives identical weights.
// (Correctness checks, not timing: the full-size accuracy targets are measured by `scratchnet train`.)
#include <catch2/catch.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <thread>
#include <cmath>
#include <cstring>
#include <memory>
#include "evaluate.h"
#include "helpers.h"
#include "hidden_split.h"
#include "trainer.h"

using namespace scratchnet;

namespace {

// With steps_at_once > 1, trains through train_steps (as the browser worker does), that many steps per call.
std::vector<float> train_weights(const Dataset& data, TrainConfig config, int steps_at_once = 1) {
    Network net(architecture_of(config), effective_batch_size(config, data.count));
    Trainer trainer(net, data, config);
    while (!trainer.finished()) {
        if (steps_at_once == 1) {
            REQUIRE(std::isfinite(trainer.step()));
        } else {
            REQUIRE_FALSE(trainer.train_steps(steps_at_once, Trainer::Clock::time_point::max()).diverged);
        }
    }
    return std::vector<float>(net.parameters(), net.parameters() + net.parameter_count());
}

}  // namespace

TEST_CASE("mlp trained on 3000 digits for 3 epochs reads over 85% of 1000 test digits", "[training][mnist]") {
    const Dataset train = test::mnist_train().first(3000);
    TrainConfig config = preset_config("mlp");
    config.epochs = 3;
    Network net(Architecture::mlp(config.hidden), 1000);
    Trainer trainer(net, train, config);
    float first_loss = trainer.step(), last_loss = 0;
    while (!trainer.finished()) last_loss = trainer.step();
    REQUIRE(trainer.samples_seen() == 9000);
    CHECK(last_loss < first_loss / 3);
    const Evaluation e = evaluate(net, test::mnist_test(), 1000);
    CHECK(e.accuracy > 0.85);
    CHECK(e.accuracy_stderr == Approx(std::sqrt(e.accuracy * (1 - e.accuracy) / 1000)));
    int total = 0;
    for (auto& row : e.confusion)
        for (int n : row) total += n;
    CHECK(total == 1000);
}

TEST_CASE("copies of a network read every test digit to the same bits, wherever they are allocated", "[training][mnist]") {
    Network net(Architecture::mlp({128}), 128);
    Rng rng(7);
    net.initialize(rng, Init::He);
    const Evaluation original = evaluate(net, test::mnist_test(), 300);
    std::vector<std::unique_ptr<char[]>> shifts;  // allocations between the copies move where the next one lands
    for (int copy = 0; copy < 6; ++copy) {
        shifts.emplace_back(new char[4000 + 8 * copy]);
        Network same(net.architecture(), net.max_batch());
        std::copy(net.parameters(), net.parameters() + net.parameter_count(), same.parameters());
        const Evaluation e = evaluate(same, test::mnist_test(), 300);
        CHECK(e.confidence == original.confidence);
        CHECK(e.loss == original.loss);
    }
}

TEST_CASE("train-samples trains on the first N samples only", "[training][mnist]") {
    TrainConfig config = preset_config("mlp");
    config.train_samples = 500;
    config.epochs = 1;
    Network net(Architecture::mlp(config.hidden), config.batch_size);
    Trainer trainer(net, test::mnist_train(), config);
    REQUIRE(trainer.samples() == 500);
    REQUIRE(trainer.batches_per_epoch() == 8);  // 7 of 64 and one of 52
    while (!trainer.finished()) trainer.step();
    REQUIRE(trainer.samples_seen() == 500);
}

TEST_CASE("the same seed gives bit-identical weights, another seed does not", "[training][determinism][mnist]") {
    const Dataset train = test::mnist_train().first(500);
    TrainConfig config = preset_config("mlp");
    config.epochs = 2;
    config.augment = true;  // the augmentation draws from the same seeded RNG
    const auto a = train_weights(train, config), b = train_weights(train, config);
    REQUIRE(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
    config.seed = 2;
    REQUIRE(train_weights(train, config) != a);
}

TEST_CASE("the seed preset is full-batch gradient descent and lowers the loss", "[training][mnist]") {
    const Dataset train = test::mnist_train().first(400);
    TrainConfig config = preset_config("seed");
    config.epochs = 30;
    Network net(Architecture::mlp(config.hidden), 400);
    Trainer trainer(net, train, config);
    REQUIRE(trainer.batch_size() == 400);
    REQUIRE(trainer.batches_per_epoch() == 1);
    const float first = trainer.step();
    REQUIRE(first == Approx(std::log(10.0)).margin(0.01));  // tiny weights: every class ~10%
    float last = first;
    while (!trainer.finished()) last = trainer.step();
    CHECK(last < first - 0.08);
}

TEST_CASE("a far too large learning rate shows up as a non-finite loss, not silently", "[training][mnist]") {
    const Dataset train = test::mnist_train().first(2000);
    TrainConfig config = preset_config("mlp");
    config.optimizer.kind = OptimizerKind::SGD;
    config.optimizer.learning_rate = 1000;
    config.lr_decay = false;
    Network net(Architecture::mlp(config.hidden), config.batch_size);
    Trainer trainer(net, train, config);
    bool diverged = false;
    for (int i = 0; i < 30 && !diverged; ++i) diverged = !std::isfinite(trainer.step());
    REQUIRE(diverged);
}

TEST_CASE("training options override the preset and bad values are refused by name", "[training]") {
    TrainConfig c = parse_train_options("preset=seed lr=0.5 hidden=64,32 augment=on");
    REQUIRE(c.preset == "seed");
    REQUIRE(c.optimizer.learning_rate == 0.5f);
    REQUIRE(c.hidden == std::vector<int>{64, 32});
    REQUIRE(c.augment);
    REQUIRE(c.epochs == 100);
    const TrainConfig mlp = preset_config("mlp");
    const TrainConfig again = parse_train_options(train_options_string(mlp));
    REQUIRE(train_options_string(again) == train_options_string(mlp));
    REQUIRE(again.optimizer.learning_rate == mlp.optimizer.learning_rate);
    REQUIRE_THROWS_WITH(parse_train_options("lr=fast"), Catch::Contains("--lr: 'fast' is not a number"));
    REQUIRE_THROWS_WITH(parse_train_options("preset=cnn9"), Catch::Contains("unknown preset 'cnn9'"));
    REQUIRE_THROWS_WITH(parse_train_options("colour=blue"), Catch::Contains("unknown training option 'colour'"));
}

TEST_CASE("a fixed-seed run gives the recorded loss curve, natively and in WebAssembly alike", "[training][determinism][mnist]") {
    // Recorded from the native -O3 build. The wasm build runs this same test under node: its curve must match
    // within float tolerance (Eigen's vector paths and libm differ, the seeded RNG and the math do not).
    // If you change initialization, shuffling or the optimizer on purpose, record the new values here.
    TrainConfig config = preset_config("mlp");
    config.train_samples = 2000;
    config.epochs = 2;
    config.seed = 7;
    Network net(Architecture::mlp(config.hidden), config.batch_size);
    Trainer trainer(net, test::mnist_train(), config);
    const std::pair<int, double> recorded[] = {{1, 2.310751}, {10, 1.137102}, {30, 0.7726023}, {63, 0.4585513}};
    int step = 0;
    for (auto [at, loss] : recorded) {
        float last = 0;
        while (step < at) last = trainer.step(), ++step;
        INFO("step " << at);
        CHECK(last == Approx(loss).epsilon(2e-3));
    }
}

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
TEST_CASE("a build without threads refuses threads=2 with a message", "[training][threads]") {
    TrainConfig config = preset_config("mlp");
    config.threads = 2;
    Network net(Architecture::mlp(config.hidden), config.batch_size);
    REQUIRE_THROWS_WITH(Trainer(net, test::mnist_test(), config), Catch::Contains("use 1"));
}
#else
namespace {
// Mean relative difference between one thread's weights and many threads' (as many floats).
double relative_difference(const std::vector<float>& one, const float* many) {
    double diff = 0, norm = 0;
    for (size_t i = 0; i < one.size(); ++i) diff += std::abs(double(one[i]) - many[i]), norm += std::abs(one[i]);
    return diff / norm;
}

// Between the weights `config` trains on one thread and on `threads` (those taking `steps_at_once` steps per
// call, all in one run of the threads).
double thread_difference(const Dataset& data, TrainConfig config, int threads, int steps_at_once = 1) {
    const auto one = train_weights(data, config);
    config.threads = threads;
    return relative_difference(one, train_weights(data, config, steps_at_once).data());
}

// The mlp preset on 1000 digits, 2 epochs of 20 batches: runs of steps can end inside an epoch.
TrainConfig small_mlp_config() {
    TrainConfig config = preset_config("mlp");
    config.train_samples = 1000;
    config.epochs = 2;
    config.batch_size = 50;
    return config;
}

// The cnn preset on a few digits: enough steps to compare threads, quick enough for every build.
TrainConfig small_cnn_config() {
    TrainConfig config = preset_config("cnn");
    config.train_samples = 120;
    config.epochs = 1;
    config.batch_size = 40;
    config.augment = false;
    return config;
}
}  // namespace

TEST_CASE("data-parallel training on 2 or 3 threads follows the single-thread run", "[training][threads][mnist]") {
    TrainConfig config = preset_config("mlp");
    config.train_samples = 1000;
    config.epochs = 1;
    config.batch_size = 100;
    SECTION("784-128-10: the threads split the hidden units (HiddenUnitSplit)") {}
    SECTION("784-64-32-10: the threads split the batch (Network::compute_share)") { config.hidden = {64, 32}; }
    SECTION("784-128-10 in one batch of 5000, too large to split the hidden units: the threads split the batch") {
        config.train_samples = 5000;
        config.batch_size = 5000;
    }
    for (int threads : {2, 3}) {
        const double difference = thread_difference(test::mnist_train(), config, threads);
        INFO(threads << " threads: mean relative difference " << difference);
        CHECK(difference < 1e-4);  // only the summation order differs
    }
}

TEST_CASE("hidden units moved between threads, with their optimizer state, still train like one thread",
          "[training][threads][mnist]") {
    TrainConfig config = small_mlp_config();
    const auto one = train_weights(test::mnist_train(), config);
    // Runs of 7 steps, the split changed before each (a thread owns from a quarter of an even share to twice one:
    // 16 to 112 units of 128 on 2 threads, 10 to 86 on 3).
    const std::vector<std::vector<int>> splits_2 = {{16, 112}, {100, 28}, {64, 64}, {40, 88}};
    const std::vector<std::vector<int>> splits_3 = {{10, 32, 86}, {50, 40, 38}, {86, 32, 10}, {43, 43, 42}};
    for (const auto* splits : {&splits_2, &splits_3}) {
        config.threads = int(splits->front().size());
        Network net(architecture_of(config), config.batch_size);
        Trainer trainer(net, test::mnist_train(), config);
        for (size_t run = 0; !trainer.finished(); ++run) {
            trainer.set_hidden_units_per_thread((*splits)[run % splits->size()]);
            REQUIRE(trainer.hidden_units_per_thread() == (*splits)[run % splits->size()]);
            REQUIRE_FALSE(trainer.train_steps(7, Trainer::Clock::time_point::max()).diverged);
        }
        const double difference = relative_difference(one, net.parameters());
        INFO(config.threads << " threads: mean relative difference " << difference);
        CHECK(difference < 1e-4);
    }
    Network net(architecture_of(config), config.batch_size);
    Trainer trainer(net, test::mnist_train(), config);
    CHECK_THROWS_WITH(trainer.set_hidden_units_per_thread({64, 64}), Catch::Contains("3 counts from 10 to 86"));
    CHECK_THROWS_WITH(trainer.set_hidden_units_per_thread({100, 20, 8}), Catch::Contains("adding up to 128"));
    CHECK_THROWS_WITH(trainer.set_hidden_units_per_thread({90, 28, 10}), Catch::Contains("from 10 to 86"));
}

namespace {
// How a thread loses its core in the tests below: not at all, before its first step, inside a task, or for a
// while inside each task thread 1 claims.
enum class Away { Never, BeforeTheRun, InsideATask, InsideEachTask };

// 12 steps of a 784-32-10 MLP on made-up batches of 8, on 2 threads split by hidden units, with one thread away
// for 300 ms as `away` says. Returns the weights; `losses_while_away` gets, for each step's loss, whether it
// came while a thread was away; `gathers` how often each step's batch was gathered.
struct SplitRun {
    std::vector<float> weights;
    std::vector<bool> losses_while_away;
    std::vector<int> gathers;
    long redone_first = 0;
};
SplitRun train_split(Away away) {
    constexpr int kSteps = 12, B = 8;
    constexpr auto kAway = std::chrono::milliseconds(300);
    SplitRun result;
    std::array<std::atomic<int>, kSteps> gathers{};
    Network net(Architecture::mlp({32}), B);
    Rng rng(7);
    net.initialize(rng, Init::He);
    ThreadPool pool(2);
    const OptimizerConfig adam;
    HiddenUnitSplit split(net, 2, B, adam);
    Optimizer factors_from(adam, 1);
    for (int t = 0; t < 2; ++t) split.load(t);
    split.begin_run(kSteps);
    std::atomic<bool> a_thread_away{away == Away::BeforeTheRun};
    if (away == Away::InsideATask) {
        // The first thread to claim a task of step 3 stays inside it.
        split.on_claimed_task = [&, held = std::make_shared<std::atomic<bool>>(false)](int, int, int k) {
            if (k != 3 || held->exchange(true)) return;
            a_thread_away = true;
            std::this_thread::sleep_for(kAway);
            a_thread_away = false;
        };
    }
    if (away == Away::InsideEachTask) {
        // Thread 0 waits inside its first task until thread 1 is inside one too, so that thread 1 takes part
        // however late it starts (else thread 0 may train all 12 steps before it does).
        split.on_claimed_task = [thread_1_in = std::make_shared<std::atomic<bool>>(false)](int t, int, int k) {
            if (t == 1) {
                *thread_1_in = true;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            } else if (k == 0) {
                const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                while (!*thread_1_in && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
            }
        };
    }
    const HiddenUnitSplit::RunSteps steps{
        [&](int) { return B; }, [&](int k) { return factors_from.factors(k + 1, 0.01f); },
        [&](int k) {  // a made-up batch for each step
            gathers.at(size_t(k))++;
            for (int i = 0; i < 784 * B; ++i) split.input(k)[i] = float(std::sin(0.37 * i + k)) * 0.5f;
            for (int j = 0; j < B; ++j) split.labels(k)[j] = uint8_t((3 * j + k) % 10);
        },
        [&](int, float) { result.losses_while_away.push_back(a_thread_away); }};
    pool.run([&](int t) {
        if (t == 1 && away == Away::BeforeTheRun) {
            std::this_thread::sleep_for(kAway);
            a_thread_away = false;
        }
        for (int k = 0; k < kSteps; ++k) split.take_step(t, pool, k, steps);
    });
    for (int t = 0; t < 2; ++t) split.store(t);
    result.weights.assign(net.parameters(), net.parameters() + net.parameter_count());
    for (auto& count : gathers) result.gathers.push_back(count);
    result.redone_first = split.redone_first();
    return result;
}
}  // namespace

TEST_CASE("a step goes on without a thread that has lost its core, to the same bits", "[training][threads]") {
    // Each step's sums run in lane order and whichever thread computes a task computes the same numbers, so the
    // weights come out bit for bit as when both threads take part. Either way each step's batch is gathered once.
    const SplitRun together = train_split(Away::Never);
    CHECK(together.gathers == std::vector<int>(12, 1));
    SECTION("a thread that starts 300 ms late: the other takes its lane's tasks and trains every step alone") {
        const SplitRun late = train_split(Away::BeforeTheRun);
        REQUIRE(late.losses_while_away.size() == 12);  // every step's loss, once
        CHECK(std::count(late.losses_while_away.begin(), late.losses_while_away.end(), true) == 12);
        CHECK(late.gathers == together.gathers);
        CHECK(late.weights == together.weights);
    }
    SECTION("a thread held 300 ms inside a task of step 3: the other redoes it and trains kCopies steps alone") {
        const SplitRun held = train_split(Away::InsideATask);
        REQUIRE(held.losses_while_away.size() == 12);
        // Steps 3, 4 and 5; step 6's update would write the parameters the held task reads.
        static_assert(HiddenUnitSplit::kCopies == 3);
        std::vector<bool> away(12, false);
        away[3] = away[4] = away[5] = true;
        CHECK(held.losses_while_away == away);
        CHECK(held.redone_first >= 1);  // the held task (and any other that was slow enough)
        CHECK(held.gathers == together.gathers);
        CHECK(held.weights == together.weights);
    }
    SECTION("a thread held 20 ms inside each task it claims: the other redoes them, the stale ones change nothing") {
        const SplitRun held = train_split(Away::InsideEachTask);
        REQUIRE(held.losses_while_away.size() == 12);
        CHECK(held.redone_first >= 1);
        CHECK(held.gathers == together.gathers);
        CHECK(held.weights == together.weights);
    }
}

TEST_CASE("faster threads get more hidden units, in packets of 4, and a nearly even split stays", "[training][threads]") {
    auto settle = [](std::vector<int> units, const std::vector<double>& speeds, int least, int most, int balances = 8) {
        std::vector<double> shares(units.size(), 1.0 / units.size());
        for (int i = 0; i < balances; ++i) units = units_by_speed(units, shares, speeds, least, most);
        return units;
    };
    CHECK(settle({64, 64}, {1.0, 1.0}, 16, 112) == std::vector<int>{64, 64});
    CHECK(settle({64, 64}, {1.02, 1.0}, 16, 112) == std::vector<int>{64, 64});  // 64.6 against 64: not worth a move
    CHECK(settle({64, 64}, {2.0, 1.0}, 16, 112) == std::vector<int>{84, 44});   // 85.3: in packets of 4
    CHECK(settle({64, 64}, {1.0, 3.0}, 16, 112) == std::vector<int>{32, 96});
    CHECK(settle({64, 64}, {100.0, 1.0}, 16, 112) == std::vector<int>{112, 16});  // each keeps its least
    CHECK(settle({43, 43, 42}, {1.0, 1.0, 2.0}, 10, 86) == std::vector<int>{32, 32, 64});
    // Elsewhere each boundary ends within most of a packet (3 units) of where the speeds put it.
    auto boundaries_near = [](const std::vector<int>& units, const std::vector<double>& ideal) {
        double sum = 0, ideal_sum = 0;
        for (size_t t = 0; t < units.size(); ++t) {
            sum += units[t], ideal_sum += ideal[t];
            if (std::abs(sum - ideal_sum) > 3.0) return false;
        }
        return true;
    };
    // None above its most: the others share what it cannot take.
    CHECK(boundaries_near(settle({43, 43, 42}, {1.0, 1.0, 100.0}, 10, 86, 30), {21, 21, 86}));
    const std::vector<int> even8(8, 16);
    CHECK(boundaries_near(settle(even8, {9, 1, 1, 1, 1, 1, 1, 1}, 4, 32, 30),
                          {32, 96 / 7.0, 96 / 7.0, 96 / 7.0, 96 / 7.0, 96 / 7.0, 96 / 7.0, 96 / 7.0}));
    CHECK(boundaries_near(settle(even8, {2, 2, 2, 2, 1, 1, 1, 1}, 4, 32, 30),
                          {64 / 3.0, 64 / 3.0, 64 / 3.0, 64 / 3.0, 32 / 3.0, 32 / 3.0, 32 / 3.0, 32 / 3.0}));
    CHECK(settle({1, 1, 1}, {1.0, 5.0, 1.0}, 1, 1) == std::vector<int>{1, 1, 1});
    // The shares move half-way to the new speeds at each balance: one balance goes part of the way.
    CHECK(settle({64, 64}, {3.0, 1.0}, 16, 112, 1) == std::vector<int>{80, 48});  // shares 0.625, 0.375
}

TEST_CASE("the hidden units are split for Dense, ReLU, Dense only, with a unit for every thread, batches up to 4096",
          "[training][threads]") {
    CHECK(HiddenUnitSplit::fits(Network(Architecture::mlp({128}), 1), 2, 64));
    CHECK(HiddenUnitSplit::fits(Network(Architecture::mlp({128}), 1), 2, 4096));
    CHECK_FALSE(HiddenUnitSplit::fits(Network(Architecture::mlp({128}), 1), 2, 4097));  // the story's 60k: by samples
    CHECK(HiddenUnitSplit::fits(Network(Architecture::mlp({3}), 1), 3, 64));
    CHECK_FALSE(HiddenUnitSplit::fits(Network(Architecture::mlp({3}), 1), 4, 64));
    CHECK_FALSE(HiddenUnitSplit::fits(Network(Architecture::mlp({64, 32}), 1), 2, 64));
    CHECK_FALSE(HiddenUnitSplit::fits(Network(Architecture::cnn(), 1), 2, 64));
}

TEST_CASE("data-parallel training of the cnn (convolutions summed, dense layers split) follows one thread",
          "[training][threads][conv][mnist]") {
    const double difference = thread_difference(test::mnist_train(), small_cnn_config(), 2);
    INFO("mean relative difference " << difference);
    CHECK(difference < 1e-4);
}

TEST_CASE("threads running many steps without stopping (train_steps) follow one thread",
          "[training][threads][mnist]") {
    TrainConfig config = small_mlp_config();
    SECTION("mlp 784-128-10: each thread gathers the batch and updates its own hidden units, its own copy of "
            "their weights kept from step to step") {
        for (int threads : {2, 3}) {
            for (int steps_at_once : {7, 1000}) {  // runs that end inside an epoch, and whole epochs
                const double difference = thread_difference(test::mnist_train(), config, threads, steps_at_once);
                INFO(threads << " threads, " << steps_at_once << " steps at once: mean relative difference " << difference);
                CHECK(difference < 1e-4);
            }
        }
    }
    SECTION("mlp 784-64-32-10: each thread gathers, reads and updates its own inputs of the first layer, from "
            "step to step") {
        config.hidden = {64, 32};
        for (int threads : {2, 3}) {
            for (int steps_at_once : {7, 1000}) {  // runs that end inside an epoch, and whole epochs
                const double difference = thread_difference(test::mnist_train(), config, threads, steps_at_once);
                INFO(threads << " threads, " << steps_at_once << " steps at once: mean relative difference " << difference);
                CHECK(difference < 1e-4);
            }
        }
    }
    SECTION("mlp with augmentation: thread 0 gathers, the threads meet before every step") {
        config.augment = true;
        const double difference = thread_difference(test::mnist_train(), config, 2, 1000);
        INFO("mean relative difference " << difference);
        CHECK(difference < 1e-4);
    }
    SECTION("cnn: the threads meet before every step, since each reads all of the convolutions") {
        const double difference = thread_difference(test::mnist_train(), small_cnn_config(), 2, 1000);
        INFO("mean relative difference " << difference);
        CHECK(difference < 1e-4);
    }
}

TEST_CASE("train_steps stops at the epoch's end, at its deadline (a step late on threads) and on divergence",
          "[training][threads][mnist]") {
    const Dataset train = test::mnist_train().first(1000);
    TrainConfig config = preset_config("mlp");
    config.epochs = 2;
    config.batch_size = 100;
    for (int threads : {1, 2}) {
        INFO(threads << " threads");
        config.threads = threads;
        Network net(Architecture::mlp(config.hidden), config.batch_size);
        Trainer trainer(net, train, config);
        Trainer::Steps done = trainer.train_steps(1000, Trainer::Clock::time_point::max());
        CHECK(done.count == 10);  // the whole first epoch, and no more
        CHECK(trainer.epoch() == 1);
        CHECK(trainer.batch_in_epoch() == 0);
        CHECK(trainer.samples_seen() == 1000);
        CHECK(std::isfinite(done.last_loss));
        CHECK(done.loss_sum / done.count > done.last_loss);  // it learned
        done = trainer.train_steps(1000, Trainer::Clock::now());  // already past the deadline
        CHECK(done.count == threads);  // threads are a step ahead
        CHECK(trainer.batch_in_epoch() == threads);
        CHECK(trainer.samples_seen() == 1000 + threads * 100);
    }
    {
        INFO("the run's end");
        config.threads = 1;
        Network net(Architecture::mlp(config.hidden), config.batch_size);
        Trainer trainer(net, train, config);
        while (!trainer.finished()) trainer.train_steps(1000, Trainer::Clock::time_point::max());
        CHECK(trainer.epoch() == 2);
        CHECK(trainer.batch_in_epoch() == 0);  // progress is 2 epochs exactly (the page's charts end there)
        CHECK(trainer.learning_rate() == 0.0f);  // the cosine decay's end
    }
    config.optimizer.kind = OptimizerKind::SGD;
    config.optimizer.learning_rate = 1000;
    config.lr_decay = false;
    config.threads = 2;
    Network net(Architecture::mlp(config.hidden), config.batch_size);
    Trainer trainer(net, train, config);
    const Trainer::Steps done = trainer.train_steps(1000, Trainer::Clock::time_point::max());
    CHECK(done.diverged);
    CHECK(done.count < 10);  // it stopped there (a step later)
}

TEST_CASE("a batch smaller than the thread count still trains like one thread", "[training][threads][mnist]") {
    TrainConfig config = preset_config("mlp");
    config.train_samples = 20;
    config.epochs = 1;
    config.batch_size = 2;  // the third thread has no samples
    const double difference = thread_difference(test::mnist_train(), config, 3);
    INFO("mean relative difference " << difference);
    CHECK(difference < 1e-4);
}
TEST_CASE("the test set measured on threads reads every digit as one thread does", "[training][threads][mnist]") {
    ThreadPool pool(3);
    auto check = [&pool](const Architecture& arch, int limit) {
        Network net(arch, 128);  // chunks of 128 test digits
        Rng rng(7);
        net.initialize(rng, Init::He);
        const Evaluation alone = evaluate(net, test::mnist_test(), limit);
        const Evaluation shared = evaluate(net, test::mnist_test(), limit, &pool);
        CHECK(shared.count == limit);
        CHECK(shared.predicted == alone.predicted);
        CHECK(shared.confidence == alone.confidence);
        CHECK(shared.confusion == alone.confusion);
        CHECK(shared.class_accuracy == alone.class_accuracy);
        CHECK(shared.accuracy == alone.accuracy);
        CHECK(shared.loss == Approx(alone.loss).epsilon(1e-12));  // summed in another order
    };
    check(Architecture::mlp({128}), 1000);  // 8 chunks, the last one short, for 3 threads
    check(Architecture::mlp({128}), 200);   // 2 chunks: a thread has none
    check(Architecture::mlp({128}), 100);   // 1 chunk: one thread
    check(Architecture::cnn(), 300);        // its layers copied too
    CHECK(pool.waiting_share() == 0);       // measuring is not training: the threads' waiting leaves it out
}

#endif

TEST_CASE("the cnn preset trains a convolutional network that learns", "[training][conv][mnist]") {
    TrainConfig config = preset_config("cnn");
    config.train_samples = 3000;
    config.epochs = 2;
    Network net(architecture_of(config), 100);
    REQUIRE(net.architecture().layers.front().kind == LayerKind::Conv2D);
    Trainer trainer(net, test::mnist_train(), config);
    while (!trainer.finished()) REQUIRE(std::isfinite(trainer.step()));
    const Evaluation e = evaluate(net, test::mnist_test(), 500);
    CHECK(e.accuracy > 0.7);
}
