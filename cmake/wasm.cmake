# The Emscripten side: the page's wasm module (an ES module + .wasm) and the Catch2 suite run under node.

# The module the page's worker loads: the C API and nothing else.
set(SCRATCHNET_EXPORTS
  _sn_last_error _sn_net_load _sn_net_free _sn_net_save _sn_bytes _sn_net_describe _sn_net_parameter_count
  _sn_net_parameters _sn_predict _sn_probabilities _sn_network_input _sn_classify_input _sn_data_clear _sn_data_append
  _sn_data_count _sn_preset _sn_train_begin _sn_train_begin_from _sn_train_run _sn_train_end _sn_train_progress _sn_train_threads _sn_warm_up _sn_evaluate _sn_evaluation
  _sn_evaluation_predicted _sn_evaluation_confidence _sn_data_images _sn_data_labels _sn_net_first_layer
  _sn_net_layer_count _sn_net_activation _sn_net_activation_size
  _malloc _free)
string(REPLACE ";" "," SCRATCHNET_EXPORTS "${SCRATCHNET_EXPORTS}")
set(SCRATCHNET_MODULE_OPTIONS
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createScratchnet
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432 -sMAXIMUM_MEMORY=1073741824 -sTOTAL_STACK=8388608
  # Grow the heap by 5% beyond what is asked, not Emscripten's default 20% (up to 20 MB never used).
  -sMEMORY_GROWTH_GEOMETRIC_STEP=0.05
  --no-entry -sDYNAMIC_EXECUTION=0 -sFILESYSTEM=0
  -sEXPORTED_FUNCTIONS=${SCRATCHNET_EXPORTS}
  -sEXPORTED_RUNTIME_METHODS=HEAPU8,HEAPF32,HEAPF64,UTF8ToString,stringToUTF8,lengthBytesUTF8,wasmMemory)

# Single-threaded: runs anywhere.
add_executable(scratchnet_wasm cpp/wasm_main.cpp)
target_link_libraries(scratchnet_wasm PRIVATE scratchnet_core)
set_target_properties(scratchnet_wasm PROPERTIES OUTPUT_NAME scratchnet SUFFIX ".mjs"
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/module)
target_link_options(scratchnet_wasm PRIVATE ${SCRATCHNET_MODULE_OPTIONS} -sENVIRONMENT=web,worker)

# Multi-threaded (Emscripten pthreads over a SharedArrayBuffer): only where the page is cross-origin isolated.
# Every object linked into a shared-memory module needs -pthread, hence a second core library.
scratchnet_add_core(scratchnet_core_mt)
target_compile_options(scratchnet_core_mt PUBLIC -pthread)
add_executable(scratchnet_wasm_mt cpp/wasm_main.cpp)
set_target_properties(scratchnet_core_mt scratchnet_wasm_mt PROPERTIES SCRATCHNET_PTHREADS ON)  # see CMakeLists.txt
# Those JavaScript-based exceptions route every call that might throw, from a function with something to clean
# up, through JavaScript: Eigen's products make two such calls each. The files that only compute (no throw) are
# compiled without exceptions there, and they are the only ones that instantiate Eigen's matrix products.
set_source_files_properties(cpp/dense.cpp cpp/nonzero_rows.cpp cpp/hidden_split.cpp cpp/conv2d.cpp cpp/softmax_cross_entropy.cpp cpp/batch.cpp cpp/augment.cpp
  PROPERTIES COMPILE_OPTIONS "$<$<BOOL:$<TARGET_PROPERTY:SCRATCHNET_PTHREADS>>:-fno-exceptions>")
target_link_libraries(scratchnet_wasm_mt PRIVATE scratchnet_core_mt)
set_target_properties(scratchnet_wasm_mt PROPERTIES OUTPUT_NAME scratchnet-mt SUFFIX ".mjs"
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/module)
# As many training threads as cores, up to 4 (web/worker.js offers the same): the caller and one pool worker per
# other core, started with the module so no thread waits for one. (Each worker started delays the page's ready.)
target_link_options(scratchnet_wasm_mt PRIVATE ${SCRATCHNET_MODULE_OPTIONS} -pthread -sENVIRONMENT=web,worker
  "-sPTHREAD_POOL_SIZE=Math.max(1,Math.min(4,navigator.hardwareConcurrency||1)-1)"
  -sDEFAULT_PTHREAD_STACK_SIZE=4194304 -Wno-pthreads-mem-growth)

# The same Catch2 tests, compiled to wasm and run by node under ctest.
# Debian's Catch2 target adds -isystem /usr/include, which breaks the Emscripten sysroot: use its header alone.
file(COPY /usr/include/catch2/catch.hpp DESTINATION ${CMAKE_BINARY_DIR}/catch2-include/catch2)
add_library(catch2_wasm INTERFACE)
target_include_directories(catch2_wasm SYSTEM INTERFACE ${CMAKE_BINARY_DIR}/catch2-include)
include(cmake/tests.cmake)
add_executable(tests ${SCRATCHNET_TEST_SOURCES} tests/catch_main.cpp)
target_link_libraries(tests PRIVATE scratchnet_core catch2_wasm)
target_compile_definitions(tests PRIVATE SCRATCHNET_DATA_DIR="${CMAKE_SOURCE_DIR}/data/mnist")
# NODERAWFS: the tests read the real MNIST files from disk, as natively.
target_link_options(tests PRIVATE -sTOTAL_STACK=16777216 -sINITIAL_MEMORY=33554432 -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2147483648 -sENVIRONMENT=node)
include(CTest)
list(APPEND CMAKE_MODULE_PATH /usr/lib/cmake/Catch2)  # Debian's Catch.cmake, found by path
include(Catch)
catch_discover_tests(tests)

# The command-line tool compiled to wasm and run by node (V8, as in Chromium): `node build-wasm/scratchnet-node.js
# bench` gives the per-layer breakdown of a training step in wasm, to set beside the native one. Not built by default.
add_executable(scratchnet_node EXCLUDE_FROM_ALL
  cpp/cli/main.cpp cpp/cli/args.cpp cpp/cli/cmd_train.cpp cpp/cli/cmd_eval.cpp cpp/cli/cmd_predict.cpp
  cpp/cli/cmd_bench.cpp cpp/cli/image_file.cpp)
target_link_libraries(scratchnet_node PRIVATE scratchnet_core)
# Debian's stb lives in /usr/include/stb; the header alone, as for Catch2 (all of /usr/include breaks the sysroot).
file(COPY /usr/include/stb/stb_image.h DESTINATION ${CMAKE_BINARY_DIR}/stb-include)
target_include_directories(scratchnet_node SYSTEM PRIVATE ${CMAKE_BINARY_DIR}/stb-include)
set_target_properties(scratchnet_node PROPERTIES OUTPUT_NAME scratchnet-node SUFFIX ".js")
target_compile_definitions(scratchnet_node PRIVATE SCRATCHNET_DEFAULT_DATA_DIR="${CMAKE_SOURCE_DIR}/data/mnist")
target_link_options(scratchnet_node PRIVATE -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2147483648
  -sINITIAL_MEMORY=67108864 -sTOTAL_STACK=8388608 -sENVIRONMENT=node)
# The same with pthreads: `train --threads 2` in wasm under node, to study why two threads gain less in wasm
# than natively (README, Threads).
add_executable(scratchnet_node_mt EXCLUDE_FROM_ALL
  cpp/cli/main.cpp cpp/cli/args.cpp cpp/cli/cmd_train.cpp cpp/cli/cmd_eval.cpp cpp/cli/cmd_predict.cpp
  cpp/cli/cmd_bench.cpp cpp/cli/image_file.cpp)
target_link_libraries(scratchnet_node_mt PRIVATE scratchnet_core_mt)
set_target_properties(scratchnet_node_mt PROPERTIES OUTPUT_NAME scratchnet-node-mt SUFFIX ".js" SCRATCHNET_PTHREADS ON)
target_compile_options(scratchnet_node_mt PRIVATE -pthread)
target_compile_definitions(scratchnet_node_mt PRIVATE SCRATCHNET_DEFAULT_DATA_DIR="${CMAKE_SOURCE_DIR}/data/mnist")
target_include_directories(scratchnet_node_mt SYSTEM PRIVATE ${CMAKE_BINARY_DIR}/stb-include)
target_link_options(scratchnet_node_mt PRIVATE -pthread -sPTHREAD_POOL_SIZE=3 -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1
  -sMAXIMUM_MEMORY=2147483648 -sINITIAL_MEMORY=268435456 -sTOTAL_STACK=8388608 -sENVIRONMENT=node,worker
  -sDEFAULT_PTHREAD_STACK_SIZE=4194304 -Wno-pthreads-mem-growth -sEXIT_RUNTIME=1)
