# The Catch2 test sources, shared by the native and the wasm test builds.
set(SCRATCHNET_TEST_SOURCES
  ${CMAKE_SOURCE_DIR}/tests/test_rng.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_layers.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_gradients.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_conv.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_optimizer.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_dataset.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_batch.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_model_file.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_preprocess.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_augment.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_writing_styles.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_thread_pool.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_training.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_capi.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_fine_tune.cpp
  ${CMAKE_SOURCE_DIR}/tests/test_no_allocation.cpp)
