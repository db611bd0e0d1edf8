// The thread pool behind data-parallel training: every thread runs once per run, barrier() orders their writes,
// and a thread that throws neither hangs the others nor breaks the pool.
#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>
#include "thread_pool.h"

using namespace scratchnet;

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
TEST_CASE("a pool run calls the task once on every thread, and barrier() lets each see the others' writes",
          "[threads]") {
    ThreadPool pool(3);
    REQUIRE(pool.size() == 3);
    std::vector<int> written(3, 0);
    std::vector<std::atomic<int>> calls(3);
    for (int run = 1; run <= 200; ++run) {
        std::atomic<int> mismatches{0};
        pool.run([&](int t) {
            ++calls[t];
            written[t] = run * 10 + t;  // plain writes, made visible by the barrier
            pool.barrier();
            for (int other = 0; other < 3; ++other)
                if (written[other] != run * 10 + other) ++mismatches;
            pool.barrier();  // nobody writes the next run's values before all have read these
        });
        REQUIRE(mismatches == 0);
    }
    for (auto& c : calls) CHECK(c == 200);
}

TEST_CASE("a task that throws: run() rethrows its error, threads waiting at a barrier give up, the pool goes on",
          "[threads]") {
    ThreadPool pool(2);
    auto failing = [&](int t) {
        if (t == 1) throw std::runtime_error("thread 1 failed");
        pool.barrier();  // would wait for ever for thread 1
    };
    REQUIRE_THROWS_WITH(pool.run(failing), "thread 1 failed");
    std::atomic<int> ran{0};
    pool.run([&](int) {
        pool.barrier();
        ++ran;
    });
    CHECK(ran == 2);
}

TEST_CASE("a wait with a time limit: true once the other thread has done it, false when the time is up",
          "[threads]") {
    ThreadPool pool(2);
    std::atomic<bool> written{false};
    std::vector<bool> in_time;
    pool.run([&](int t) {
        if (t == 1) {
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            written = true;
            pool.notify_waiters();
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        in_time.push_back(pool.wait_until([&] { return written.load(); }, now + std::chrono::milliseconds(1)));
        in_time.push_back(pool.wait_until([&] { return written.load(); }, now + std::chrono::seconds(10)));
    });
    CHECK(in_time == std::vector<bool>{false, true});
}

TEST_CASE("the pool tells what share of their time its threads waited for each other", "[threads]") {
    ThreadPool pool(2);
    CHECK(pool.waiting_share() == 0);  // nothing has run
    // Thread 1 takes 40 ms to reach the barrier, where thread 0 waits for it; after it, thread 1 takes 40 ms
    // more, which the caller (thread 0) waits for at the run's end: each thread waits half of the run.
    pool.run([&](int t) {
        if (t == 1) std::this_thread::sleep_for(std::chrono::milliseconds(40));
        pool.barrier();
        if (t == 1) std::this_thread::sleep_for(std::chrono::milliseconds(40));
    });
    CHECK(pool.waiting_share() == Approx(0.5).margin(0.1));
    // A run where nobody waits for long lowers the share, which covers every run so far.
    pool.run([&](int) { pool.barrier(); });
    CHECK(pool.waiting_share() == Approx(0.5).margin(0.1));
    CHECK(pool.waiting_share() < 0.55);
}
#endif
