// otedama-node [CONFIG]: loads and checks the configuration, runs the node until SIGINT or
// SIGTERM, then stops it cleanly (every part closed, peers saved, the store closed); and
// otedama-node --check [CONFIG], which only checks it and says what would run.
#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>

#include <pthread.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "node/config.hpp"
#include "node/node.hpp"

namespace otedama::app {

namespace {

std::optional<node::LoadedConfig> load(const char* configPath) {
  try {
    node::LoadedConfig loaded =
        configPath != nullptr ? node::loadConfigFile(configPath) : node::parseConfig(node::defaultConfigText());
    setupLogging(loaded.config.logging);
    for (const std::string& warning : loaded.warnings) spdlog::warn("{}", warning);
    spdlog::info("configuration {}: ok", configPath != nullptr ? configPath : "(built-in sandbox)");
    return loaded;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "otedama-node: %s\n", e.what());
    return std::nullopt;
  }
}

}  // namespace

int checkConfig(const char* configPath) {
  const std::optional<node::LoadedConfig> loaded = load(configPath);
  if (!loaded) return kExitFailure;
  std::printf("Otedama would run: %s", node::describeConfig(loaded->config).c_str());
  return kExitOk;
}

int runNode(const char* configPath) {
  std::optional<node::LoadedConfig> loaded = load(configPath);
  if (!loaded) return kExitFailure;

  // The signals are taken by this thread alone (sigwait): every thread started from here on
  // inherits the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  node::Node node(loaded->config);
  node.setEventHandler([](const node::NodeEvent& event) {
    if (event.kind == node::NodeEventKind::Problem) return;  // logged where it happens
    spdlog::info("[{}] {}", node::nodeEventKindName(event.kind), event.message);
  });
  try {
    node.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "otedama-node: cannot start: %s\n", e.what());
    return kExitFailure;
  }
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("{} received, stopping", received == SIGINT ? "SIGINT" : "SIGTERM");
  node.stop();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace otedama::app
