/* Intentionally empty. Eigen's SSE path includes <mmintrin.h> (MMX), which Emscripten refuses on wasm; nothing
   from it is used. With this file first on the include path, Eigen's SSE4.1 code compiles to WASM SIMD through
   Emscripten's SSE→SIMD128 headers (see ../../README.md, "WebAssembly build"). */
