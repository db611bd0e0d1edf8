// A small fixed pool of threads for data-parallel training: run(task) calls task(0..size()-1) at once, task(0)
// on the calling thread, and returns when all have finished. Threads are made once and wait in between.
// In the wasm build these are Emscripten pthreads (Web Workers sharing the wasm memory).
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace scratchnet {

class ThreadPool {
public:
    explicit ThreadPool(int threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return int(workers_.size()) + 1; }
    // Whether a run's time counts in waiting_share(): training's runs do; a run between them whose tasks never
    // meet (measuring the test set, each thread its share) is left out.
    enum class Timing { Counted, NotCounted };
    void run(const std::function<void(int)>& task, Timing timing = Timing::Counted);  // rethrows a task's first exception
    // Inside a task only: waits until every thread of the run has arrived here (each must call it equally often).
    // Spins (the threads of a training step meet here a few times, microseconds apart), and sleeps only if that
    // takes long. If a task has thrown, the others would wait for ever: barrier() then throws instead, and run()
    // rethrows the first.
    void barrier();
    // Inside a task only: waits until it sees done() true, spinning then sleeping like barrier(). Whoever makes it
    // true calls notify_waiters() after. Throws if another task of the run has thrown. (A template, so that a
    // step's waits allocate nothing.)
    template <class Done>
    void wait_until(const Done& done) {
        if (!done()) wait([](const void* d) { return (*static_cast<const Done*>(d))(); }, &done);
    }
    void notify_waiters();
    // Inside a task only: the same, but waiting only until `give_up` (spinning all along); returns done(). For a
    // thread that does something else if the wait takes long (HiddenUnitSplit redoes a task held up).
    template <class Done>
    bool wait_until(const Done& done, std::chrono::steady_clock::time_point give_up) {
        return done() || wait([](const void* d) { return (*static_cast<const Done*>(d))(); }, &done, give_up);
    }

    // How much of their time the threads have spent waiting for each other, over every run so far: time in
    // barrier() and wait_until(), and the caller's wait for the others at a run's end, summed over the threads,
    // against size() × the time in run(). 0 before the first run. Tells whether more threads would help: on a
    // busy machine, whatever takes one thread's core for a while stalls all of them.
    double waiting_share() const;

private:
    void work(int index);
    void stop();
    void record_failure(std::exception_ptr failure);
    void wait(bool (*done)(const void*), const void* context);  // wait_until's spinning and sleeping
    bool wait(bool (*done)(const void*), const void* context, std::chrono::steady_clock::time_point give_up);

    // Handing out a run is lock-free while the threads spin: task_ and the run's state are written, then
    // generation_ is bumped, which the spinning threads see. The mutex and condition variables are only for
    // threads that gave up spinning and sleep (workers waiting for a run, the caller waiting for the workers).
    std::vector<std::thread> workers_;
    const std::function<void(int)>* task_ = nullptr;
    std::atomic<long> generation_{0};           // bumped for each run (and to stop)
    std::atomic<bool> stopping_{false};
    std::atomic<int> remaining_{0};             // workers still busy with this run
    std::atomic<int> sleeping_workers_{0};      // run() must wake them
    std::atomic<bool> caller_sleeping_{false};  // the last worker to finish must wake run()
    std::mutex mutex_;
    std::condition_variable start_, done_, waiters_wake_;
    std::exception_ptr error_;  // the first a worker threw this run (under mutex_)
    std::atomic<bool> failed_{false};  // a task of this run threw
    std::atomic<int> arrived_{0};      // threads at the barrier
    std::atomic<long> barriers_{0};    // barriers passed so far
    std::atomic<int> sleeping_waiters_{0};  // asleep in wait(): whoever makes their condition true wakes them
    std::atomic<long long> waited_ns_{0};      // summed over the threads (see waiting_share)
    long long ran_ns_ = 0;                     // in run(), on the caller's thread
};

}  // namespace scratchnet
