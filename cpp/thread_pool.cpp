// The pool. A training step hands work to the threads every millisecond or less, so waking them must be fast:
// threads spin on atomics for a while before sleeping on a condition variable. Waking a sleeper costs tens of µs
// natively and about 100 µs in wasm (Atomics.notify to another Web Worker): more than a step's work to share.
#include "thread_pool.h"
#include <chrono>
#include <stdexcept>
#include <string>
#include <system_error>

namespace scratchnet {

namespace {
// How long a thread polls before it sleeps. Waiting for the next run: a millisecond, longer than the gap between
// two training steps. Waiting at a barrier or for the run's end: threads that are all running arrive within
// tens of µs; a longer wait means another thread lost its core (to the page, say), and sleeping lets it have
// this one rather than spinning while it waits for a turn.
constexpr auto kIdleSpin = std::chrono::microseconds(1000);
constexpr auto kMeetSpin = std::chrono::microseconds(100);

using Clock = std::chrono::steady_clock;
long long nanoseconds_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

// Polls `done` for up to `limit`; true if it came true.
template <class Done>
bool spin_until(Done done, std::chrono::microseconds limit) {
    const auto give_up = Clock::now() + limit;
    for (;;) {
        for (int i = 0; i < 256; ++i)
            if (done()) return true;
        if (Clock::now() > give_up) return false;
    }
}
}  // namespace

ThreadPool::ThreadPool(int threads) {
    try {
        for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
    } catch (const std::system_error& e) {
        stop();
        throw std::runtime_error("cannot start " + std::to_string(threads) + " threads (" + e.what() +
                                 "); this build may have no threads (the single-threaded WebAssembly build): use 1");
    }
}

ThreadPool::~ThreadPool() { stop(); }

void ThreadPool::stop() {
    stopping_ = true;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        generation_.fetch_add(1);
    }
    start_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
}

void ThreadPool::run(const std::function<void(int)>& task, Timing timing) {
    const Clock::time_point started = Clock::now();
    task_ = &task;
    error_ = nullptr;
    failed_ = false;
    arrived_ = 0;
    remaining_ = int(workers_.size());
    generation_.fetch_add(1);  // publishes all of the above to the workers
    if (sleeping_workers_.load() > 0) {  // they saw the old generation before sleeping, or we see them here
        std::lock_guard<std::mutex> lock(mutex_);
        start_.notify_all();
    }
    try {
        task(0);
    } catch (...) {
        record_failure(std::current_exception());
    }
    const Clock::time_point finished = Clock::now();
    if (!spin_until([this] { return remaining_.load(std::memory_order_acquire) == 0; }, kMeetSpin)) {
        std::unique_lock<std::mutex> lock(mutex_);
        caller_sleeping_ = true;  // before looking at remaining_ again, so the last worker sees it or we see 0
        done_.wait(lock, [this] { return remaining_.load() == 0; });
        caller_sleeping_ = false;
    }
    if (timing == Timing::Counted) {
        waited_ns_.fetch_add(nanoseconds_since(finished), std::memory_order_relaxed);
        ran_ns_ += nanoseconds_since(started) * size();
    }
    task_ = nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    if (error_) std::rethrow_exception(error_);
}

// The first failure is the cause; threads it left waiting at a barrier fail after it, and are not recorded.
void ThreadPool::record_failure(std::exception_ptr failure) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) error_ = failure;
    failed_ = true;
    waiters_wake_.notify_all();  // those asleep in wait() wake to fail
}

void ThreadPool::barrier() {
    const long passed = barriers_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == size()) {  // the last one in lets everyone go
        arrived_.store(0, std::memory_order_relaxed);
        barriers_.fetch_add(1);
        notify_waiters();
        return;
    }
    wait_until([&] { return barriers_.load(std::memory_order_acquire) != passed; });
}

void ThreadPool::wait(bool (*done)(const void*), const void* context) {
    const Clock::time_point waiting = Clock::now();  // only a thread that waits reads the clock
    // Whether done() was true when last looked at: the wait is over once it has been, even if it is no longer
    // (HiddenUnitSplit waits for a moment when no thread is inside an old task; one may start after).
    bool seen_done = false;
    auto through = [&] { return (seen_done = done(context)) || failed_.load(); };
    if (!spin_until(through, kMeetSpin)) {
        std::unique_lock<std::mutex> lock(mutex_);
        sleeping_waiters_.fetch_add(1);  // before looking again: the one that makes it true sees it, or we see it
        waiters_wake_.wait(lock, through);
        sleeping_waiters_.fetch_sub(1);
    }
    waited_ns_.fetch_add(nanoseconds_since(waiting), std::memory_order_relaxed);
    if (!seen_done) throw std::runtime_error("another thread of the pool failed");
}

bool ThreadPool::wait(bool (*done)(const void*), const void* context, Clock::time_point give_up) {
    const Clock::time_point waiting = Clock::now();
    bool seen_done = false;  // as in wait() above
    auto through = [&] { return (seen_done = done(context)) || failed_.load(); };
    spin_until(through, std::chrono::duration_cast<std::chrono::microseconds>(give_up - waiting));
    waited_ns_.fetch_add(nanoseconds_since(waiting), std::memory_order_relaxed);
    if (!seen_done && failed_.load()) throw std::runtime_error("another thread of the pool failed");
    return seen_done;
}

void ThreadPool::notify_waiters() {
    if (sleeping_waiters_.load() > 0) {
        std::lock_guard<std::mutex> lock(mutex_);
        waiters_wake_.notify_all();
    }
}

double ThreadPool::waiting_share() const {
    return ran_ns_ > 0 ? double(waited_ns_.load(std::memory_order_relaxed)) / double(ran_ns_) : 0.0;
}

void ThreadPool::work(int index) {
    long seen = 0;
    for (;;) {
        if (!spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; }, kIdleSpin)) {
            std::unique_lock<std::mutex> lock(mutex_);
            sleeping_workers_.fetch_add(1);  // before looking at generation_ again: run() sees it or we see the run
            start_.wait(lock, [&] { return generation_.load() != seen; });
            sleeping_workers_.fetch_sub(1);
        }
        seen = generation_.load(std::memory_order_acquire);
        if (stopping_) return;
        try {
            (*task_)(index);
        } catch (...) {
            record_failure(std::current_exception());
        }
        // The last worker wakes the caller only if it sleeps: taking the mutex while the caller spins would make
        // both wait on it (tens of µs in wasm).
        if (remaining_.fetch_sub(1) == 1 && caller_sleeping_.load()) {
            std::lock_guard<std::mutex> lock(mutex_);  // so the caller cannot miss the wake-up
            done_.notify_one();
        }
    }
}

}  // namespace scratchnet
