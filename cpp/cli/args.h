// Command-line arguments: positionals and `--name value` options, plus the few bare flags (--json, --help).
#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace scratchnet::cli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
public:
    Args(int argc, char** argv, int first);  // throws UsageError on a missing option value
    const std::vector<std::string>& positional() const { return positional_; }
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    bool has(const std::string& name) const { return options_.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = "") const;
    const std::map<std::string, std::string>& options() const { return options_; }
    // Throws UsageError if an option or flag is not among `known`.
    void allow_only(const std::vector<std::string>& known) const;

private:
    std::vector<std::string> positional_;
    std::map<std::string, std::string> options_;
    std::map<std::string, bool> flags_;
};

std::string data_dir(const Args& args);  // --data, else the fetched cache data/mnist

}  // namespace scratchnet::cli
