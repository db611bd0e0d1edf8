// The wasm module has no main: it is a library whose only entry points are the C API (capi.h), linked with
// --no-entry. CMake needs one source file for the executable target; this is it.
