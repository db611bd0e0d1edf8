// Strokes that people outside MNIST add to their digits and MNIST's writers rarely did: a long flag and a foot
// on a 1, a crossbar on a 7. Drawn onto a training digit (before the random distortions of augment.h), so the
// network learns that a 1 with a long flag is still a 1, not a 7.
#pragma once
#include <cstdint>

namespace scratchnet {

class Rng;

struct WritingStyles {
    float one_flag_probability = 0.3f;   // a flag from the top of a 1, down to the left
    float one_foot_probability = 0.1f;   // a short horizontal base under a 1
    float seven_bar_probability = 0.15f; // a crossbar through the middle of a 7's stem
};

// image: 28×28 uint8, changed in place; label: its digit. Other digits are left alone.
void add_writing_style(uint8_t* image, int label, Rng& rng, const WritingStyles& styles);

}  // namespace scratchnet
