// otedama-node: the headless Otedama node and its command-line tools.
#include <cstdio>
#include <string_view>
#include <vector>

#include <openssl/crypto.h>
#include <sodium.h>

#include "commands.hpp"
#include "crypto/cpu_features.hpp"
#include "node/version.hpp"
#include "pow/registry.hpp"

namespace {

constexpr const char* kUsage = R"(Usage:
  otedama-node [CONFIG]        run the node with the JSON config file CONFIG
                               (without CONFIG: the built-in sandbox configuration)
  otedama-node --sandbox       run the sandbox: a private Litecoin regtest network that
                               Otedama starts (litecoind), a node and a CPU miner on it
  otedama-node --check [CONFIG]
                               check the configuration, print what the node would run, exit
  otedama-node check-node [CONFIG]
                               check the blockchain node of CONFIG: reachable, credentials,
                               chain, sync; fetches one block template
  otedama-node hash --algo NAME --input HEX [--key HEX] [--randomx-mode light|fast]
                               print the proof-of-work hash of INPUT as hex, bytes in the
                               order the algorithm outputs them (--key: RandomX seed hash)
  otedama-node mine --url stratum+tcp://HOST:PORT --user ADDRESS.WORKER --algo sha256d|scrypt
                    [--password X] [--threads N] [--duration SECONDS] [--max-shares N]
                               the built-in CPU miner (for the sandbox and for tests)
  otedama-node --version       print the version, algorithms and CPU features
  otedama-node --help          print this help

Exit status: 0 success, 1 error (bad config, failed command), 2 bad usage.
)";

void printVersion() {
  std::printf("otedama-node %.*s\n", int(otedama::kVersion.size()), otedama::kVersion.data());
  std::string algorithms;
  for (const std::string& name : otedama::pow::AlgorithmRegistry::builtin().names()) {
    algorithms += (algorithms.empty() ? "" : ", ") + name;
  }
  std::printf("proof of work: %s\n", algorithms.c_str());
  std::printf("cpu: %s\n", otedama::crypto::cpuFeatureSummary().c_str());
  std::printf("libraries: %s, libsodium %s\n", OpenSSL_version(OPENSSL_VERSION), sodium_version_string());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace otedama::app;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return runNode(nullptr);

  const std::string_view first = args.front();
  if (first == "--help" || first == "-h") {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (first == "--version" || first == "-V") {
    printVersion();
    return kExitOk;
  }
  if (first == "--sandbox" && args.size() == 1) return runNode(nullptr);
  if (first == "--check") {
    if (args.size() > 2) {
      std::fprintf(stderr, "otedama-node --check: one CONFIG at most\n");
      return kExitUsage;
    }
    return checkConfig(args.size() == 2 ? argv[2] : nullptr);
  }
  if (first == "hash") return runHash({args.begin() + 1, args.end()});
  if (first == "mine") return runMine({args.begin() + 1, args.end()});
  if (first == "check-node") {
    if (args.size() > 2) {
      std::fprintf(stderr, "otedama-node check-node: one CONFIG at most\n");
      return kExitUsage;
    }
    return runCheckNode(args.size() == 2 ? argv[2] : nullptr);
  }
  if (first.starts_with('-') || args.size() > 1) {
    std::fprintf(stderr, "otedama-node: unexpected argument '%.*s'\n\n%s", int(first.size()), first.data(), kUsage);
    return kExitUsage;
  }
  return runNode(argv[1]);
}
