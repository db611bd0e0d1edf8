// From a drawing to the network's input, the way MNIST itself was made (LeCun et al.): crop to the ink,
// scale to fit a 20×20 box keeping the aspect ratio (area averaging gives grey, anti-aliased edges), and
// place that in 28×28 so the centre of mass sits at the centre. Without this, drawn digits are misread.
#pragma once
#include <cstdint>

namespace scratchnet {

struct PreprocessResult {
    bool empty = true;  // no ink, or only a speck: there is nothing to classify
    // Where the ink was found in the drawing (pixels), for display.
    int ink_left = 0, ink_top = 0, ink_width = 0, ink_height = 0;
};

// gray: width × height, row-major, ink bright (255) on a dark (0) background, any size.
// out: 784 floats in [0, 1], MNIST's layout. Left all zero when the drawing is empty.
PreprocessResult preprocess_drawing(const uint8_t* gray, int width, int height, float* out);

// Where MNIST's digits have their centre of mass, in pixel-centre coordinates (x = column + 0.5): measured on
// the training set as (14.51, 14.50) (tests/test_preprocess.cpp checks it), half a pixel right of and below the
// image's centre, because MNIST centred the mass at pixel index 14.
constexpr float kMnistCentreX = 14.5f, kMnistCentreY = 14.5f;

}  // namespace scratchnet
