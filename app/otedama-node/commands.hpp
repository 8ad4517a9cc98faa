// The sub-commands of otedama-node; each returns the process exit code.
#pragma once

#include <string_view>
#include <vector>

namespace otedama::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// otedama-node [CONFIG]: load and check the config, then run the node.
int runNode(const char* configPath);

// otedama-node --check [CONFIG]: load and check the config, print what would run.
int checkConfig(const char* configPath);

// otedama-node check-node [CONFIG]: can the pool use the configured blockchain node?
int runCheckNode(const char* configPath);

// otedama-node mine --url stratum+tcp://HOST:PORT --user ADDRESS.WORKER --algo NAME [options]
int runMine(const std::vector<std::string_view>& args);

// otedama-node hash --algo NAME --input HEX [--key HEX] [--randomx-mode light|fast]
int runHash(const std::vector<std::string_view>& args);

}  // namespace otedama::app
