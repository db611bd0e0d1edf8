// Argument parsing for the CLI.
#include "args.h"
#include <algorithm>

namespace scratchnet::cli {

static const char* const kFlags[] = {"json", "help", "quiet"};

Args::Args(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-h") a = "--help";
        if (a.rfind("--", 0) != 0) {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        const size_t eq = name.find('=');
        if (eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else if (std::find(std::begin(kFlags), std::end(kFlags), name) != std::end(kFlags)) {
            flags_[name] = true;
            continue;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            throw UsageError("--" + name + " needs a value");
        }
        options_[name] = value;
    }
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
    auto it = options_.find(name);
    return it == options_.end() ? fallback : it->second;
}

void Args::allow_only(const std::vector<std::string>& known) const {
    auto check = [&](const std::string& name) {
        if (std::find(known.begin(), known.end(), name) == known.end()) throw UsageError("unknown option --" + name);
    };
    for (auto& [name, value] : options_) check(name);
    for (auto& [name, value] : flags_) check(name);
}

std::string data_dir(const Args& args) { return args.get("data", SCRATCHNET_DEFAULT_DATA_DIR); }

}  // namespace scratchnet::cli
