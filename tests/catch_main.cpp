// The Catch2 main, in its own translation unit (the wasm build cannot link Debian's native Catch2WithMain).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
