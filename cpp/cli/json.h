// A few helpers for writing the CLI's --json output by hand (flat objects and arrays of numbers).
#pragma once
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace scratchnet::cli {

inline std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

template <typename T>
std::string json_array(const T& values) {
    std::string s = "[";
    for (size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + json_number(values[i]);
    return s + "]";
}

inline std::string json_string(const std::string& v) {
    std::string s = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') s += '\\';
        s += c;
    }
    return s + "\"";
}

}  // namespace scratchnet::cli
