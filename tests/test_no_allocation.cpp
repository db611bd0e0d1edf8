// "No allocation inside a training step": counts every malloc while steps run (glibc builds only; ASan,
// ThreadSanitizer and Emscripten replace malloc themselves, so there the test has nothing to count and is skipped).
#include <catch2/catch.hpp>
#include "helpers.h"
#include "trainer.h"

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && !defined(__EMSCRIPTEN__)
#include <cstddef>

namespace {
bool counting = false;
long allocations = 0;
}  // namespace

extern "C" void* __libc_malloc(size_t size);
extern "C" void* malloc(size_t size) {  // every malloc and operator new of this test binary comes through here
    if (counting) ++allocations;
    return __libc_malloc(size);
}

TEST_CASE("a training step allocates nothing, with or without augmentation", "[training][allocation][mnist]") {
    const bool augment = GENERATE(false, true);
    scratchnet::TrainConfig config = scratchnet::preset_config("mlp");
    config.augment = augment;
    for (int batch : {64, 128}) {
        config.batch_size = batch;
        scratchnet::Network net(scratchnet::Architecture::mlp(config.hidden), batch);
        scratchnet::Trainer trainer(net, scratchnet::test::mnist_test(), config);
        trainer.step();  // the first step may set things up
        allocations = 0;
        counting = true;
        for (int i = 0; i < 20; ++i) trainer.step();
        counting = false;
        INFO("batch " << batch << (augment ? ", augmented" : ""));
        REQUIRE(allocations == 0);
    }
}
#endif
