// otedama-node mine: the built-in CPU miner against a stratum server (the sandbox's miner, and a
// quick way to check that a pool answers shares). Prints a line per answered share and a summary.
// With several --url, a lost or refused connection moves on to the next pool (round robin, a
// second apart) instead of ending the run: the failover miners expect when their node stops.
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "commands.hpp"
#include "miner/cpu_miner.hpp"
#include "util/hex.hpp"
#include "util/logging.hpp"

namespace otedama::app {
namespace {

constexpr const char* kMineUsage =
    "usage: otedama-node mine --url stratum+tcp://HOST:PORT [--url ...] --user ADDRESS.WORKER --algo sha256d|scrypt\n"
    "                         [--password X] [--threads N] [--duration SECONDS] [--max-shares N]\n";
constexpr unsigned kMaxThreads = 1024;

int usageError(const std::string& message) {
  std::fprintf(stderr, "otedama-node mine: %s\n", message.c_str());
  std::fputs(kMineUsage, stderr);
  return kExitUsage;
}

template <typename Number>
std::optional<Number> parseNumber(std::string_view text) {
  Number value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
};

// stratum+tcp://HOST:PORT, HOST a name, an IPv4 address or a bracketed IPv6 address.
std::optional<Endpoint> parseUrl(std::string_view url, std::string& why) {
  constexpr std::string_view kScheme = "stratum+tcp://";
  if (!url.starts_with(kScheme)) {
    why = "--url must start with stratum+tcp://";
    return std::nullopt;
  }
  url.remove_prefix(kScheme.size());
  if (!url.empty() && url.back() == '/') url.remove_suffix(1);
  Endpoint out;
  std::string_view portText;
  if (url.starts_with('[')) {
    const auto close = url.find(']');
    if (close == std::string_view::npos || close + 1 >= url.size() || url[close + 1] != ':') {
      why = "--url: an IPv6 address is written [ADDRESS]:PORT";
      return std::nullopt;
    }
    out.host = std::string(url.substr(1, close - 1));
    portText = url.substr(close + 2);
  } else {
    const auto colon = url.rfind(':');
    if (colon == std::string_view::npos || url.find(':') != colon) {
      why = "--url needs HOST:PORT";
      return std::nullopt;
    }
    out.host = std::string(url.substr(0, colon));
    portText = url.substr(colon + 1);
  }
  const auto port = parseNumber<unsigned>(portText);
  if (out.host.empty() || !port || *port == 0 || *port > 65535) {
    why = "--url needs a host and a port from 1 to 65535";
    return std::nullopt;
  }
  out.port = static_cast<std::uint16_t>(*port);
  return out;
}

std::string formatRate(double hashesPerSecond) {
  static constexpr const char* kUnits[] = {"H/s", "kH/s", "MH/s", "GH/s"};
  std::size_t unit = 0;
  while (hashesPerSecond >= 1000.0 && unit + 1 < std::size(kUnits)) {
    hashesPerSecond /= 1000.0;
    ++unit;
  }
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %s", hashesPerSecond, kUnits[unit]);
  return text;
}

// The totals of a run over several connections.
void addStats(miner::MinerStats& total, const miner::MinerStats& part) {
  total.hashes += part.hashes;
  total.submitted += part.submitted;
  total.accepted += part.accepted;
  total.rejected += part.rejected;
  for (const auto& [reason, count] : part.rejectedByReason) total.rejectedByReason[reason] += count;
  total.staleDropped += part.staleDropped;
  total.overflowDropped += part.overflowDropped;
  total.malformedLines += part.malformedLines;
  total.elapsedSeconds += part.elapsedSeconds;
}

}  // namespace

int runMine(const std::vector<std::string_view>& args) {
  std::vector<std::string> urls;
  std::optional<std::string> user, algo;
  std::string password = "x";
  unsigned threads = 0;
  std::optional<double> durationSeconds;
  std::optional<std::uint64_t> maxShares;

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view flag = args[i];
    if (flag == "--help" || flag == "-h") {
      std::fputs(kMineUsage, stdout);
      return kExitOk;
    }
    if (i + 1 >= args.size()) return usageError("'" + std::string(flag) + "' needs a value");
    const std::string value(args[++i]);
    if (flag == "--url") {
      urls.push_back(value);
    } else if (flag == "--user") {
      user = value;
    } else if (flag == "--algo") {
      algo = value;
    } else if (flag == "--password") {
      password = value;
    } else if (flag == "--threads") {
      const auto n = parseNumber<unsigned>(value);
      if (!n || *n > kMaxThreads) return usageError("--threads must be 0 (all cores) up to " + std::to_string(kMaxThreads));
      threads = *n;
    } else if (flag == "--duration") {
      const auto seconds = parseNumber<double>(value);
      if (!seconds || !std::isfinite(*seconds) || *seconds <= 0 || *seconds > 1e9) {
        return usageError("--duration must be a positive number of seconds");
      }
      durationSeconds = *seconds;
    } else if (flag == "--max-shares") {
      const auto n = parseNumber<std::uint64_t>(value);
      if (!n || *n == 0) return usageError("--max-shares must be a positive whole number");
      maxShares = *n;
    } else {
      return usageError("unknown option '" + std::string(flag) + "'");
    }
  }
  if (urls.empty()) return usageError("--url is required");
  if (!user) return usageError("--user is required");
  if (!algo) return usageError("--algo is required");
  if (*algo != "sha256d" && *algo != "scrypt") return usageError("--algo must be sha256d or scrypt");
  if (user->empty()) return usageError("--user must not be empty");
  std::vector<Endpoint> endpoints;
  for (const std::string& url : urls) {
    std::string why;
    const auto endpoint = parseUrl(url, why);
    if (!endpoint) return usageError(why);
    endpoints.push_back(*endpoint);
  }

  try {
    setupLogging(LoggingOptions{.level = spdlog::level::warn, .file = ""});
  } catch (const std::exception&) {
    // stderr logging cannot fail in practice; mining does not depend on it
  }

  miner::CpuMinerOptions options;
  options.user = *user;
  options.password = password;
  options.algorithm = *algo;
  options.threads = threads;

  boost::asio::io_context io;
  boost::asio::steady_timer deadline(io);
  boost::asio::steady_timer failover(io);
  std::size_t current = 0;
  miner::MinerStats total;
  bool finished = false;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  std::optional<std::string> failure;
  std::uint64_t answers = 0;
  bool authorized = false;
  std::unique_ptr<miner::CpuMiner> miner;

  auto finish = [&] {
    finished = true;
    if (miner) miner->stop();
    deadline.cancel();
    failover.cancel();
    signals.cancel();
    io.stop();
  };

  miner::CpuMinerEvents events;
  events.onAuthorized = [&] {
    authorized = true;
    std::printf("authorized %s at %s:%u; mining %s with %u thread(s)\n", user->c_str(), endpoints[current].host.c_str(),
                unsigned(endpoints[current].port), algo->c_str(), miner->threadCount());
    std::fflush(stdout);
  };
  events.onShare = [&](const miner::ShareResult& share) {
    ++answers;
    if (share.accepted) {
      std::printf("accepted share %llu: job %s, extranonce2 %s, nonce %08x, difficulty %g, %lld ms\n",
                  static_cast<unsigned long long>(answers), share.job.jobId.c_str(), toHex(share.extranonce2).c_str(),
                  share.nonce, share.difficulty, static_cast<long long>(share.latency.count()));
    } else {
      std::printf("rejected share %llu: job %s, extranonce2 %s, nonce %08x, difficulty %g: %s\n",
                  static_cast<unsigned long long>(answers), share.job.jobId.c_str(), toHex(share.extranonce2).c_str(),
                  share.nonce, share.difficulty, share.reason.c_str());
    }
    std::fflush(stdout);
    if (maxShares && answers >= *maxShares) finish();
  };
  std::function<void()> connect;
  events.onError = [&](const std::string& message) {
    if (endpoints.size() == 1) {
      failure = message;
      finish();
      return;
    }
    const Endpoint& lost = endpoints[current];
    current = (current + 1) % endpoints.size();
    std::printf("lost %s:%u (%s); switching to %s:%u\n", lost.host.c_str(), unsigned(lost.port), message.c_str(),
                endpoints[current].host.c_str(), unsigned(endpoints[current].port));
    std::fflush(stdout);
    // Not from inside the miner's own callback: the next one starts a second later.
    failover.expires_after(std::chrono::seconds(1));
    failover.async_wait([&](boost::system::error_code ec) {
      if (!ec && !finished) connect();
    });
  };

  connect = [&] {
    if (miner) {
      miner->stop();
      addStats(total, miner->stats());
    }
    options.host = endpoints[current].host;
    options.port = endpoints[current].port;
    miner = std::make_unique<miner::CpuMiner>(io, options, events);
    std::printf("connecting to %s:%u as %s (%s)\n", options.host.c_str(), unsigned(options.port), user->c_str(),
                algo->c_str());
    std::fflush(stdout);
    miner->start();
  };
  try {
    options.host = endpoints[0].host;
    options.port = endpoints[0].port;
    miner::CpuMiner check(io, options, events);  // refuses bad options before anything runs
  } catch (const std::invalid_argument& e) {
    return usageError(e.what());
  }

  if (durationSeconds) {
    deadline.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(*durationSeconds)));
    deadline.async_wait([&](boost::system::error_code ec) {
      if (!ec) finish();
    });
  }
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (!ec) finish();
  });

  try {
    connect();
    io.run();
  } catch (const std::exception& e) {
    failure = std::string("unexpected error: ") + e.what();
  }
  if (miner) {
    miner->stop();
    addStats(total, miner->stats());
  }

  const miner::MinerStats& stats = total;
  const double seconds = stats.elapsedSeconds;
  std::printf("summary: %llu hashes in %.1f s (%s), %llu submitted, %llu accepted, %llu rejected\n",
              static_cast<unsigned long long>(stats.hashes), seconds,
              formatRate(seconds > 0 ? double(stats.hashes) / seconds : 0.0).c_str(),
              static_cast<unsigned long long>(stats.submitted), static_cast<unsigned long long>(stats.accepted),
              static_cast<unsigned long long>(stats.rejected));
  for (const auto& [reason, count] : stats.rejectedByReason) {
    std::printf("  rejected %llu: %s\n", static_cast<unsigned long long>(count), reason.c_str());
  }
  if (stats.staleDropped + stats.overflowDropped != 0) {
    std::printf("  not submitted: %llu stale, %llu over the limit of unanswered shares\n",
                static_cast<unsigned long long>(stats.staleDropped),
                static_cast<unsigned long long>(stats.overflowDropped));
  }
  if (stats.malformedLines != 0) {
    std::printf("  ignored %llu malformed line(s) from the server\n",
                static_cast<unsigned long long>(stats.malformedLines));
  }
  std::fflush(stdout);

  miner.reset();
  if (failure) {
    std::fprintf(stderr, "otedama-node mine: %s\n", failure->c_str());
    return kExitFailure;
  }
  if (answers == 0) {
    std::fprintf(stderr, "otedama-node mine: no share was answered (%s)\n",
                 authorized ? "none found in time; the difficulty may be too high for a CPU"
                            : "the worker was not authorized in time");
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace otedama::app
