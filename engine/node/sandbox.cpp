// The sandbox: two litecoind regtest nodes on loopback, started and stopped by Otedama.
#include "node/sandbox.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "crypto/random.hpp"
#include "util/hex.hpp"

namespace otedama::node {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::size_t kNodeCount = 2;
constexpr int kPortAttempts = 3;
constexpr const char* kWallet = "otedama-sandbox";
constexpr auto kStopPatience = 30s;

// A node failed because one of its ports was taken between choosing and binding it.
class PortClash : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::uint16_t freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("sandbox: cannot open a socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) throw std::runtime_error(std::string("sandbox: cannot bind a loopback port: ") + std::strerror(error));
  return ntohs(address.sin_port);
}

std::string randomHex(std::size_t bytes) {
  Bytes buffer(bytes);
  crypto::randomBytes(buffer);
  return toHex(buffer);
}

// The text of `file` from `offset` on (the whole file when it shrank), its last `lines` lines.
std::string fileTail(const std::filesystem::path& file, std::uintmax_t offset = 0, std::size_t lines = 25) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::error_code error;
  if (offset > std::filesystem::file_size(file, error) || error) offset = 0;
  in.seekg(std::streamoff(offset));
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(std::move(line));
    if (last.size() > lines) last.pop_front();
  }
  std::string text;
  for (const std::string& kept : last) text += "  " + kept + '\n';
  return text;
}

void writePrivateFile(const std::filesystem::path& file, const std::string& text) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("sandbox: cannot write " + file.string() + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);  // an older file may have looser permissions; it holds an RPC password
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      throw std::runtime_error("sandbox: cannot write " + file.string() + ": " + std::strerror(error));
    }
    written += std::size_t(n);
  }
  if (::close(fd) != 0) throw std::runtime_error("sandbox: cannot write " + file.string() + ": " + std::strerror(errno));
}

// Whether nobody holds the folder's lock: taking it (and letting go) proves its sandbox is gone.
bool lockIsFree(const std::filesystem::path& lockFile) {
  const int fd = ::open(lockFile.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT;  // no lock file at all: the sandbox never got that far
  const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);
  return free;
}

std::filesystem::path makeTemporaryFolder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "otedama-sandbox-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("sandbox: cannot create a temporary folder " + pattern + ": " + std::strerror(errno));
  }
  return pattern;
}

std::string missingProgram(const std::string& program, const std::string& option) {
  const bool isPath = program.find('/') != std::string::npos;
  return "The sandbox needs " + program + " (" + option + "), and " +
         (isPath ? "\"" + program + "\" does not exist or is not executable"
                 : "it was not found on PATH") +
         ". Install the Debian package litecoind (sudo apt-get install litecoind), or choose a "
         "blockchain node of your own in the configuration.";
}

std::string secondsText(Clock::duration duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", std::chrono::duration<double>(duration).count());
  return text;
}

}  // namespace

Sandbox::Sandbox(SandboxOptions options) : options_(std::move(options)) {
  // Debian's /usr/bin/litecoind is a wrapper that creates ~/.litecoin (with a litecoin.conf) before
  // starting the real daemon; the sandbox keeps everything in its own folder, so it runs the real one.
  constexpr const char* kDebianDaemon = "/usr/lib/litecoin/litecoind";
  std::error_code error;
  if (options_.litecoind == "litecoind" && std::filesystem::is_regular_file(kDebianDaemon, error)) {
    options_.litecoind = kDebianDaemon;
  }
}

Sandbox::~Sandbox() { stop(); }

bool Sandbox::running() const {
  if (!running_) return false;
  return std::all_of(nodes_.begin(), nodes_.end(), [](const NodeProcess& node) { return node.process.running(); });
}

std::size_t removeAbandonedSandboxFolders(const std::filesystem::path& tempDir, std::chrono::seconds minimumAge) {
  std::size_t removed = 0;
  std::error_code error;
  const auto now = std::filesystem::file_time_type::clock::now();
  for (const auto& entry : std::filesystem::directory_iterator(tempDir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("otedama-sandbox-", 0) != 0) continue;
    struct stat info {};
    // Only this user's own folders, and never through a symbolic link.
    if (::lstat(entry.path().c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != ::getuid()) continue;
    std::error_code timeError;
    const auto modified = std::filesystem::last_write_time(entry.path(), timeError);
    if (timeError || now - modified < minimumAge) continue;
    if (!lockIsFree(entry.path() / "sandbox.lock")) continue;
    std::error_code removeError;
    std::filesystem::remove_all(entry.path(), removeError);
    if (removeError) {
      spdlog::warn("sandbox: cannot remove the abandoned {}: {}", entry.path().string(), removeError.message());
      continue;
    }
    spdlog::info("sandbox: removed {}, left behind by an Otedama that did not stop cleanly", entry.path().string());
    ++removed;
  }
  return removed;
}

SandboxChain Sandbox::start(std::size_t addressCount) {
  if (running_ || !nodes_.empty()) throw std::runtime_error("sandbox: already started; stop() it first");
  if (!findProgram(options_.litecoind)) throw std::runtime_error(missingProgram(options_.litecoind, "the Litecoin node"));
  if (!findProgram(options_.litecoinCli)) {
    throw std::runtime_error(missingProgram(options_.litecoinCli, "the Litecoin node's command-line client"));
  }
  const Clock::time_point began = Clock::now();
  try {
    if (options_.folder.empty()) {
      removeAbandonedSandboxFolders(std::filesystem::temp_directory_path(), std::chrono::minutes(1));
      folder_ = makeTemporaryFolder();
      ownsFolder_ = true;
    } else {
      folder_ = options_.folder;
      std::error_code error;
      std::filesystem::create_directories(folder_, error);
      if (error) throw std::runtime_error("sandbox: cannot create " + folder_.string() + ": " + error.message());
    }
    lockFolder();
    spdlog::info("sandbox: starting a private Litecoin regtest network in {}", folder_.string());
    for (int attempt = 1;; ++attempt) {
      try {
        SandboxChain chain = startOnce(addressCount);
        running_ = true;
        spdlog::info("sandbox: ready in {} s: RPC on {}:{}, {} payout address(es)", secondsText(Clock::now() - began),
                     chain.host, chain.rpcPort, chain.addresses.size());
        return chain;
      } catch (const PortClash& clash) {
        stopNodes(5s);
        if (attempt >= kPortAttempts) {
          throw std::runtime_error(std::string(clash.what()) + "\nThe sandbox tried " + std::to_string(kPortAttempts) +
                                   " times with fresh loopback ports; something keeps taking them.");
        }
        spdlog::info("sandbox: a loopback port was taken meanwhile; trying again with fresh ports");
      }
    }
  } catch (...) {
    stopNodes(10s);
    releaseFolder();
    throw;
  }
}

SandboxChain Sandbox::startOnce(std::size_t addressCount) {
  nodes_.clear();
  nodes_.resize(kNodeCount);
  for (std::size_t i = 0; i < kNodeCount; ++i) prepareNode(i);
  for (std::size_t i = 0; i < kNodeCount; ++i) writeConfig(i);

  // Both nodes start at once; each gets the full timeout until its RPC answers.
  const Clock::time_point deadline = Clock::now() + options_.startTimeout;
  for (std::size_t i = 0; i < kNodeCount; ++i) {
    NodeProcess& node = nodes_[i];
    const std::filesystem::path output = node.dir / "litecoind.out";
    std::error_code ignored;
    std::filesystem::remove(output, ignored);
    node.process = ChildProcess::start(options_.litecoind, {"-datadir=" + node.dir.string()}, output);
    spdlog::debug("sandbox: node {} started (pid {}), RPC port {}, P2P port {}", i, node.process.pid(), node.rpcPort,
                  node.p2pPort);
  }
  for (std::size_t i = 0; i < kNodeCount; ++i) waitForRpc(i, deadline);
  spdlog::debug("sandbox: both nodes answer RPC");

  // The wallet of node 0: created on the first run, loaded again from a kept folder.
  const nlohmann::json loaded = nlohmann::json::parse(cli(0, {"listwallets"}));
  if (std::find(loaded.begin(), loaded.end(), kWallet) == loaded.end()) {
    const bool exists = std::filesystem::exists(nodes_[0].dir / "regtest" / "wallets" / kWallet);
    cli(0, {exists ? "loadwallet" : "createwallet", kWallet});
  }
  SandboxChain chain;
  chain.rpcPort = nodes_[0].rpcPort;
  chain.username = nodes_[0].username;
  chain.password = nodes_[0].password;
  chain.folder = folder_;
  for (std::size_t i = 0; i < addressCount; ++i) {
    chain.addresses.push_back(cli(0, {"-rpcwallet=" + std::string(kWallet), "getnewaddress", "", "bech32"}));
  }

  // A fresh block: templates are served only outside initial block download, which on regtest
  // means a tip younger than a day (a kept folder's chain may be older).
  const std::string miner = cli(0, {"-rpcwallet=" + std::string(kWallet), "getnewaddress", "", "bech32"});
  cli(0, {"generatetoaddress", "1", miner});
  const int height = std::stoi(cli(0, {"getblockcount"}));
  const nlohmann::json reached = nlohmann::json::parse(cli(1, {"waitforblockheight", std::to_string(height), "30000"}, 40s));
  if (reached.value("height", -1) < height) {
    throw std::runtime_error("sandbox: node 1 did not receive block " + std::to_string(height) +
                             " from node 0 within 30 s (are they connected?)\n" + failureDetails(1));
  }
  if (std::stoi(cli(0, {"getconnectioncount"})) < 1) {
    throw std::runtime_error("sandbox: node 0 has no peer, so it would serve no block templates\n" + failureDetails(0));
  }
  // The one call the pool depends on, checked once here so a problem shows at start.
  cli(0, {"getblocktemplate", R"({"rules":["segwit","mweb"]})"});
  spdlog::debug("sandbox: height {}, node 1 in sync, templates served", height);
  return chain;
}

void Sandbox::prepareNode(std::size_t index) {
  NodeProcess& node = nodes_[index];
  node.dir = folder_ / ("node" + std::to_string(index));
  std::error_code error;
  std::filesystem::create_directories(node.dir, error);
  if (error) throw std::runtime_error("sandbox: cannot create " + node.dir.string() + ": " + error.message());
  node.rpcPort = freeLoopbackPort();
  do {
    node.p2pPort = freeLoopbackPort();
  } while (node.p2pPort == node.rpcPort);
  node.username = "otedama-" + randomHex(4);
  node.password = randomHex(32);
  node.logOffset = std::filesystem::file_size(node.dir / "regtest" / "debug.log", error);
  if (error) node.logOffset = 0;
}

void Sandbox::writeConfig(std::size_t index) const {
  const NodeProcess& node = nodes_[index];
  std::ostringstream config;
  config << "# Written by Otedama at every start of its sandbox; changes here are overwritten.\n"
         << "regtest=1\nserver=1\nprinttoconsole=0\n[regtest]\n"
         << "rpcuser=" << node.username << "\nrpcpassword=" << node.password << '\n'
         << "rpcport=" << node.rpcPort << "\nrpcbind=127.0.0.1\nrpcallowip=127.0.0.1\n"
         << "dnsseed=0\ndiscover=0\nlistenonion=0\nupnp=0\ndbcache=16\n";
  if (index == 0) {
    // Listens on loopback for node 1; makes no outgoing connections of its own.
    config << "listen=1\nbind=127.0.0.1\nport=" << node.p2pPort << "\nconnect=0\n"
           << "keypool=20\nfallbackfee=0.0002\n";
  } else {
    config << "listen=0\nport=" << node.p2pPort << "\nconnect=127.0.0.1:" << nodes_[0].p2pPort << '\n'
           << "disablewallet=1\n";
  }
  writePrivateFile(node.dir / "litecoin.conf", config.str());
}

std::vector<std::string> Sandbox::cliBase(std::size_t index) const {
  const NodeProcess& node = nodes_[index];
  // Credentials come from the node's litecoin.conf, never from the command line.
  return {"-datadir=" + node.dir.string(), "-rpcconnect=127.0.0.1", "-rpcport=" + std::to_string(node.rpcPort)};
}

std::string Sandbox::cli(std::size_t index, std::vector<std::string> arguments, std::chrono::milliseconds timeout) const {
  std::vector<std::string> all = cliBase(index);
  all.insert(all.end(), std::make_move_iterator(arguments.begin()), std::make_move_iterator(arguments.end()));
  spdlog::debug("sandbox: node {}: {}", index, arguments.empty() ? std::string() : all[cliBase(index).size()]);
  try {
    return runChecked(options_.litecoinCli, all, timeout);
  } catch (const std::exception& error) {
    throw std::runtime_error("sandbox: node " + std::to_string(index) + ": " + error.what());
  }
}

void Sandbox::waitForRpc(std::size_t index, Clock::time_point deadline) {
  NodeProcess& node = nodes_[index];
  const std::filesystem::path output = node.dir / "rpcwait.out";
  std::error_code ignored;
  std::filesystem::remove(output, ignored);
  std::vector<std::string> arguments = cliBase(index);
  arguments.insert(arguments.end(), {"-rpcwait", "getblockcount"});
  // This litecoin-cli has no -rpcwaittimeout: it retries until the RPC answers; the deadline and
  // the node's own exit are watched here.
  ChildProcess waiter = ChildProcess::start(options_.litecoinCli, arguments, output);
  const std::string who = "sandbox: litecoind node " + std::to_string(index) + " did not come up: ";
  while (true) {
    const std::optional<int> code = waiter.waitFor(200ms);
    if (code && *code == 0) return;
    if (!node.process.running()) {
      waiter.kill();
      node.process.waitFor(0ms);
      const std::string details = failureDetails(index);
      const std::string message = who + "it exited" +
                                  (node.process.exitCode() ? " with code " + std::to_string(*node.process.exitCode()) : "") +
                                  ".\n" + details;
      if (details.find("Unable to bind") != std::string::npos || details.find("Address already in use") != std::string::npos ||
          details.find("Unable to start HTTP server") != std::string::npos) {
        throw PortClash(message);
      }
      throw std::runtime_error(message);
    }
    if (code) {
      throw std::runtime_error(who + "litecoin-cli " + "failed:\n" + fileTail(output) + failureDetails(index));
    }
    if (Clock::now() >= deadline) {
      waiter.kill();
      throw std::runtime_error(who + "its RPC did not answer within " + std::to_string(options_.startTimeout.count()) +
                               " s.\n" + failureDetails(index));
    }
  }
}

std::string Sandbox::failureDetails(std::size_t index) const {
  const NodeProcess& node = nodes_[index];
  std::string text;
  const std::filesystem::path output = node.dir / "litecoind.out";
  if (std::string printed = fileTail(output); !printed.empty()) text += "It printed:\n" + printed;
  const std::filesystem::path log = node.dir / "regtest" / "debug.log";
  if (std::string tail = fileTail(log, node.logOffset); !tail.empty()) {
    text += "Last lines of " + log.string() + ":\n" + tail;
  } else {
    text += "(" + log.string() + " has nothing from this start)\n";
  }
  return text;
}

void Sandbox::stopNodes(std::chrono::seconds patience) {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    NodeProcess& node = nodes_[i];
    if (!node.process.running()) continue;
    bool asked = false;
    try {
      std::vector<std::string> arguments = cliBase(i);
      arguments.push_back("stop");
      asked = runCommand(options_.litecoinCli, arguments, 10s).exitCode == 0;
    } catch (const std::exception& error) {
      spdlog::debug("sandbox: litecoin-cli stop on node {}: {}", i, error.what());
    }
    if (!asked) node.process.terminate();  // no RPC (yet): SIGTERM is litecoind's clean shutdown too
  }
  const Clock::time_point deadline = Clock::now() + patience;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    ChildProcess& process = nodes_[i].process;
    if (!process.valid()) continue;
    const auto left = std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()), 0ms);
    if (!process.waitFor(left)) {
      spdlog::warn("sandbox: litecoind node {} did not stop within {} s; killing it", i, patience.count());
      process.kill();
    }
  }
  nodes_.clear();
}

void Sandbox::lockFolder() {
  const std::filesystem::path file = folder_ / "sandbox.lock";
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("sandbox: cannot open " + file.string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      throw std::runtime_error("sandbox: the folder " + folder_.string() +
                               " is in use by another running sandbox (another Otedama?); stop it or choose another folder");
    }
    throw std::runtime_error("sandbox: cannot lock " + file.string() + ": " + std::strerror(error));
  }
  lockFd_ = fd;
}

void Sandbox::releaseFolder() {
  if (lockFd_ >= 0) ::close(lockFd_);  // releases the lock
  lockFd_ = -1;
  if (ownsFolder_) {
    std::error_code error;
    std::filesystem::remove_all(folder_, error);
    if (error) spdlog::warn("sandbox: cannot remove {}: {}", folder_.string(), error.message());
  }
  ownsFolder_ = false;
  folder_.clear();
}

void Sandbox::stop() {
  if (nodes_.empty() && !ownsFolder_ && lockFd_ < 0) return;
  try {
    const bool wasRunning = running_;
    running_ = false;
    stopNodes(kStopPatience);
    releaseFolder();
    if (wasRunning) spdlog::info("sandbox: stopped");
  } catch (const std::exception& error) {
    spdlog::error("sandbox: stop: {}", error.what());
  }
}

}  // namespace otedama::node
