// Cutting n items into `parts` contiguous shares, for threads: each takes one, sizes differ by at most 1.
#pragma once

namespace scratchnet {

// The share [begin, end) of n items that part `index` of `parts` takes.
inline void split_range(long n, int parts, int index, long& begin, long& end) {
    begin = n * index / parts;
    end = n * (index + 1) / parts;
}

}  // namespace scratchnet
