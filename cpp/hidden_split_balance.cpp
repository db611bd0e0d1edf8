// Moving hidden units between the threads of a HiddenUnitSplit, so that faster cores take more (see
// hidden_split.h). Kept apart from the step itself: this file may throw, and the wasm build compiles the files
// with the matrix products without exceptions (cmake/wasm.cmake).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include "hidden_split.h"

namespace scratchnet {

// A thread keeps at least a quarter of an even share and takes at most two: a core four times slower than the
// others is not worth more, and each thread's buffers are sized for the most it may take.
int HiddenUnitSplit::min_units() const { return std::max(1, units() / (4 * int(lanes_.size()))); }

int HiddenUnitSplit::max_units() const {
    const int T = int(lanes_.size());
    return std::min(units() - (T - 1) * min_units(), 2 * ((units() + T - 1) / T));
}

std::vector<int> HiddenUnitSplit::units_per_thread() const {
    std::vector<int> units;
    for (const Lane& lane : lanes_) units.push_back(int(lane.end - lane.first));
    return units;
}

float HiddenUnitSplit::StepTimes::median() {
    const auto end = seconds.begin() + std::min<size_t>(count, seconds.size());
    const auto middle = seconds.begin() + (end - seconds.begin()) / 2;
    std::nth_element(seconds.begin(), middle, end);
    return *middle;
}

void HiddenUnitSplit::balance() {
    constexpr int kSteps = 16;  // since the last balance, on every thread: enough to tell their speeds apart
    for (const Lane& lane : lanes_)
        if (lane.step_times.count < kSteps) return;
    // Each thread's speed: hidden units taken through a step per second, in a typical step.
    std::vector<double> speeds;
    for (Lane& lane : lanes_) {
        speeds.push_back(double(lane.end - lane.first) / std::max(1e-9f, lane.step_times.median()));
        lane.step_times.count = 0;
    }
    const std::vector<int> units = units_by_speed(units_per_thread(), speed_shares_, speeds, min_units(), max_units());
    if (units != units_per_thread()) set_units_per_thread(units);
}

std::vector<int> units_by_speed(const std::vector<int>& current, std::vector<double>& shares,
                                const std::vector<double>& speeds, int least, int most) {
    const int T = int(current.size());
    int total_units = 0;
    double total_speed = 0;
    for (int t = 0; t < T; ++t) total_units += current[t], total_speed += speeds[t];
    for (int t = 0; t < T; ++t) shares[t] = 0.5 * shares[t] + 0.5 * speeds[t] / total_speed;

    // Each thread's target: its share of the units, within [least, most]. What the limits take from a thread or
    // give it, the others share in proportion to their shares: the threads over `most` are held there first,
    // then, once none is, those under `least`.
    std::vector<double> target(T);
    std::vector<bool> held(T, false);
    for (bool again = true; again;) {
        double free_units = total_units, free_share = 0;
        for (int t = 0; t < T; ++t) held[t] ? free_units -= target[t] : free_share += shares[t];
        for (int t = 0; t < T; ++t)
            if (!held[t]) target[t] = free_units * shares[t] / free_share;
        again = false;
        for (int t = 0; t < T; ++t)
            if (!held[t] && target[t] > most) target[t] = most, held[t] = again = true;
        for (int t = 0; t < T && !again; ++t)
            if (!held[t] && target[t] < least) target[t] = least, held[t] = again = true;
    }

    // Each boundary between two threads' units where the targets put it: in whole packets of 4 units (whole SIMD
    // vectors for the products) when there are enough units. A boundary stays where it is unless it is off by
    // most of a packet, so that noise does not move units back and forth.
    const int packet = total_units >= 8 * T ? 4 : 1;
    std::vector<int> units(T);
    double ideal = 0;
    long before = 0, current_boundary = 0;
    for (int t = 0; t + 1 < T; ++t) {
        ideal += target[t];
        current_boundary += current[t];
        long boundary = current_boundary;
        if (std::abs(ideal - double(boundary)) > 0.75 * packet) boundary = std::lround(ideal / packet) * packet;
        const int after = T - 1 - t;  // threads after this boundary
        boundary = std::clamp(boundary, std::max(before + least, long(total_units - after * most)),
                              std::min(before + most, long(total_units - after * least)));
        units[t] = int(boundary - before);
        before = boundary;
    }
    units[T - 1] = int(total_units - before);
    return units;
}

void HiddenUnitSplit::set_units_per_thread(const std::vector<int>& units) {
    const int T = int(lanes_.size());
    int sum = 0;
    for (int u : units) sum += u;
    if (int(units.size()) != T || sum != this->units() || *std::min_element(units.begin(), units.end()) < min_units() ||
        *std::max_element(units.begin(), units.end()) > max_units())
        throw std::invalid_argument("hidden units per thread: " + std::to_string(T) + " counts from " +
                                    std::to_string(min_units()) + " to " + std::to_string(max_units()) +
                                    " adding up to " + std::to_string(this->units()));
    const std::vector<int> before = units_per_thread();
    auto split = [this](const std::vector<int>& counts) {
        long first = 0;
        for (size_t t = 0; t < lanes_.size(); ++t) {
            lanes_[t].first = first;
            lanes_[t].end = first += counts[t];
        }
    };
    // Each optimizer state buffer in turn goes through the network's layout: out of the lanes as they were split,
    // into them as they are now. (The parameters are in the network between runs; load() takes them from there.)
    const size_t buffers = lanes_[0].optimizer->state().size();
    for (size_t k = 0; k < buffers; ++k) {
        split(before);
        for (int t = 0; t < T; ++t) copy(t, moving_.data(), lanes_[t].optimizer->state()[k], Copy::ToNetwork);
        split(units);
        for (int t = 0; t < T; ++t) copy(t, moving_.data(), lanes_[t].optimizer->state()[k], Copy::ToLane);
    }
    split(units);
}

}  // namespace scratchnet
