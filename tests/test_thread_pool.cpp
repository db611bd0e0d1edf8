// The thread pool behind data-parallel training: every thread runs once per run, barrier() orders their writes,
// and a thread that throws neither hangs the others nor breaks the pool.
#include <catch2/catch.hpp>
#include <atomic>
#include <stdexcept>
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
#endif
