// otedama-node hash: the proof-of-work hash of an input, for people debugging a miner or a share.
#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#include "commands.hpp"
#include "pow/registry.hpp"
#include "util/hex.hpp"

namespace otedama::app {
namespace {

int usageError(const std::string& message) {
  std::fprintf(stderr, "otedama-node hash: %s\n", message.c_str());
  std::fprintf(stderr, "usage: otedama-node hash --algo NAME --input HEX [--key HEX] [--randomx-mode light|fast]\n");
  return kExitUsage;
}

}  // namespace

int runHash(const std::vector<std::string_view>& args) {
  std::optional<std::string> algo, inputHex, keyHex;
  pow::AlgorithmOptions options;
  options.threads = 1;
  options.randomxMode = pow::RandomXMode::Light;  // one hash: building the 2 GiB dataset would dominate
  options.randomxKeysKept = 1;

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view flag = args[i];
    if (i + 1 >= args.size()) return usageError("'" + std::string(flag) + "' needs a value");
    const std::string value(args[++i]);
    if (flag == "--algo") {
      algo = value;
    } else if (flag == "--input") {
      inputHex = value;
    } else if (flag == "--key") {
      keyHex = value;
    } else if (flag == "--randomx-mode") {
      const auto mode = pow::parseRandomXMode(value);
      if (!mode || *mode == pow::RandomXMode::Auto) return usageError("--randomx-mode must be light or fast");
      options.randomxMode = *mode;
    } else {
      return usageError("unknown option '" + std::string(flag) + "'");
    }
  }
  if (!algo) return usageError("--algo is required");
  if (!inputHex) return usageError("--input is required");

  try {
    const auto algorithm = pow::AlgorithmRegistry::builtin().create(*algo, options);
    if (algorithm->needsKey() && !keyHex) return usageError(*algo + " needs --key (the seed hash, hex)");
    if (!algorithm->needsKey() && keyHex) return usageError(*algo + " takes no --key");
    Bytes input, key;
    try {
      input = fromHex(*inputHex);
    } catch (const std::invalid_argument& e) {
      return usageError(std::string("--input: ") + e.what());
    }
    try {
      if (keyHex) key = fromHex(*keyHex);
    } catch (const std::invalid_argument& e) {
      return usageError(std::string("--key: ") + e.what());
    }
    std::printf("%s\n", toHex(algorithm->hash(input, key)).c_str());
    return kExitOk;
  } catch (const std::invalid_argument& e) {
    return usageError(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "otedama-node hash: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace otedama::app
