// The CLI's subcommands; each returns the process exit code.
#pragma once
#include "args.h"

namespace scratchnet::cli {

int cmd_train(const Args& args);
int cmd_eval(const Args& args);
int cmd_predict(const Args& args);
int cmd_bench(const Args& args);

}  // namespace scratchnet::cli
