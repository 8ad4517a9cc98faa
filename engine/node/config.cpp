// Reading and checking the node configuration.
#include "node/config.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "node/setup_checks.hpp"

namespace otedama::node {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxConfigBytes = 1 << 20;
constexpr std::size_t kMaxBootstrapNodes = 64;

bool isHostnameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// Empty when the host is a plausible DNS name, IPv4 or IPv6 literal; otherwise the reason.
std::string hostProblem(std::string_view host) {
  if (host.empty()) return "the host is empty";
  if (host.size() > 253) return "the host is longer than 253 characters";
  const bool ipv6 = host.find(':') != std::string_view::npos;
  for (char c : host) {
    const bool ok = ipv6 ? (std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.') : isHostnameChar(c);
    if (!ok) return std::string("the host contains the character '") + c + "'";
  }
  return {};
}

// Walks one JSON object, reading known keys and remembering them so the rest can be warned about.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string prefix) : object_(object), prefix_(std::move(prefix)) {}

  const json* find(const std::string& key) {
    seen_.insert(key);
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  [[noreturn]] void fail(const std::string& key, const json& value, const std::string& reason) const {
    throw ConfigError(prefix_ + key, value.dump(), reason);
  }

  void string(const std::string& key, std::string& out, std::size_t maxLength, bool allowEmpty = true) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_string()) fail(key, *v, "must be a string");
    const auto& s = v->get_ref<const std::string&>();
    if (!allowEmpty && s.empty()) fail(key, *v, "must not be empty");
    if (s.size() > maxLength) fail(key, *v, "must be at most " + std::to_string(maxLength) + " characters");
    for (char c : s) {
      if (static_cast<unsigned char>(c) < 0x20) fail(key, *v, "must not contain control characters");
    }
    out = s;
  }

  template <typename Int>
  void integer(const std::string& key, Int& out, long long min, long long max) {
    const json* v = find(key);
    if (v == nullptr) return;
    const std::string range = "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
    long long n = 0;
    if (v->is_number_integer()) {
      if (v->is_number_unsigned() && v->get<unsigned long long>() > static_cast<unsigned long long>(max)) {
        fail(key, *v, range);
      }
      n = v->get<long long>();
    } else if (v->is_number_float()) {
      const double d = v->get<double>();
      if (std::trunc(d) != d || d < double(min) || d > double(max)) fail(key, *v, range);
      n = static_cast<long long>(d);
    } else {
      fail(key, *v, range);
    }
    if (n < min || n > max) fail(key, *v, range);
    out = static_cast<Int>(n);
  }

  void number(const std::string& key, double& out, double min, double maxExclusive, const std::string& what) {
    numberIn(key, out, min, maxExclusive, false, what);
  }

  void numberInclusive(const std::string& key, double& out, double min, double max, const std::string& what) {
    numberIn(key, out, min, max, true, what);
  }

  void numberIn(const std::string& key, double& out, double min, double max, bool maxIncluded,
                const std::string& what) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_number()) fail(key, *v, "must be a number (" + what + ")");
    const double d = v->get<double>();
    if (!(d >= min && (maxIncluded ? d <= max : d < max))) fail(key, *v, "must be " + what);
    out = d;
  }

  void boolean(const std::string& key, bool& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_boolean()) fail(key, *v, "must be true or false");
    out = v->get<bool>();
  }

  const json* object(const std::string& key) {
    const json* v = find(key);
    if (v != nullptr && !v->is_object()) fail(key, *v, "must be an object { ... }");
    return v;
  }

  void warnUnknown(std::vector<std::string>& warnings) const {
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.contains(key)) warnings.push_back("unknown config key '" + prefix_ + key + "' ignored");
    }
  }

  const std::string& prefix() const { return prefix_; }

 private:
  const json& object_;
  std::string prefix_;
  std::set<std::string> seen_;
};

void readLogging(ObjectReader& parent, Config& config, std::vector<std::string>& warnings) {
  const json* logging = parent.object("logging");
  if (logging == nullptr) return;
  ObjectReader reader(*logging, "logging.");
  std::string level;
  reader.string("level", level, 16);
  if (!level.empty()) {
    const auto parsed = parseLogLevel(level);
    if (!parsed) reader.fail("level", json(level), "must be one of " + std::string(logLevelNames()));
    config.logging.level = *parsed;
  }
  reader.string("file", config.logging.file, 4096);
  reader.warnUnknown(warnings);
}

void readAlgorithm(ObjectReader& parent, Config& config, std::vector<std::string>& warnings) {
  const json* algorithm = parent.object("algorithm");
  if (algorithm == nullptr) return;
  ObjectReader reader(*algorithm, "algorithm.");
  reader.string("variant", config.algorithm.variant, 32);
  reader.integer("threads", config.algorithm.threads, 0, 256);
  std::string mode;
  reader.string("randomxMode", mode, 16);
  if (!mode.empty()) {
    const auto parsed = pow::parseRandomXMode(mode);
    if (!parsed) reader.fail("randomxMode", json(mode), "must be auto, light or fast");
    config.algorithm.randomxMode = *parsed;
  }
  reader.warnUnknown(warnings);
}

void readStratum(ObjectReader& parent, Config& config, std::vector<std::string>& warnings) {
  const json* stratum = parent.object("stratum");
  if (stratum == nullptr) return;
  ObjectReader reader(*stratum, "stratum.");
  StratumConfig& s = config.stratum;
  const std::string positive = "a positive difficulty";
  reader.number("startDifficulty", s.startDifficulty, 1e-12, 1e18, positive);
  reader.number("minDifficulty", s.minDifficulty, 1e-12, 1e18, positive);
  reader.number("maxDifficulty", s.maxDifficulty, 1e-12, 1e18, positive);
  reader.integer("shareSeconds", s.shareSeconds, 1, 3600);
  reader.integer("maxConnectionsPerIp", s.maxConnectionsPerIp, 1, 100000);
  reader.integer("banSeconds", s.banSeconds, 0, 7 * 24 * 3600);
  reader.boolean("banLoopback", s.banLoopback);
  reader.integer("tlsPort", s.tlsPort, 0, 65535);
  std::string certificate, key;
  reader.string("tlsCertificate", certificate, 4096);
  reader.string("tlsKey", key, 4096);
  s.tlsCertificate = certificate;
  s.tlsKey = key;
  reader.boolean("tlsSelfSigned", s.tlsSelfSigned);
  if (s.minDifficulty > 0 && s.maxDifficulty > 0 && s.minDifficulty > s.maxDifficulty) {
    reader.fail("minDifficulty", json(s.minDifficulty), "must not be above stratum.maxDifficulty");
  }
  if (s.startDifficulty > 0 && ((s.minDifficulty > 0 && s.startDifficulty < s.minDifficulty) ||
                                (s.maxDifficulty > 0 && s.startDifficulty > s.maxDifficulty))) {
    reader.fail("startDifficulty", json(s.startDifficulty), "must lie between stratum.minDifficulty and maxDifficulty");
  }
  reader.warnUnknown(warnings);
}

void readBootstrapNodes(ObjectReader& reader, Config& config) {
  const json* nodes = reader.find("bootstrapNodes");
  if (nodes == nullptr) return;
  if (!nodes->is_array()) reader.fail("bootstrapNodes", *nodes, "must be a list of \"host:port\" strings");
  if (nodes->size() > kMaxBootstrapNodes) {
    reader.fail("bootstrapNodes", *nodes, "must list at most " + std::to_string(kMaxBootstrapNodes) + " nodes");
  }
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const json& entry = (*nodes)[i];
    const std::string key = "bootstrapNodes[" + std::to_string(i) + "]";
    if (!entry.is_string()) reader.fail(key, entry, "must be a \"host:port\" string");
    try {
      config.bootstrapNodes.push_back(parseHostPort(entry.get<std::string>()));
    } catch (const std::invalid_argument& e) {
      reader.fail(key, entry, e.what());
    }
  }
}

// Rules that involve several keys, checked once every key has been read.
void checkCombined(const json& root, Config& config) {
  auto fail = [&root](const std::string& key, const std::string& reason) -> void {
    auto it = root.find(key);
    throw ConfigError(key, it == root.end() ? "(default)" : it->dump(), reason);
  };

  const chain::CoinParams* coin = chain::findCoin(config.blockchain);
  if (coin == nullptr) {
    std::string known;
    for (const auto& c : chain::knownCoins()) known += (known.empty() ? "" : ", ") + std::string(c.name);
    fail("blockchain", "is not a chain Otedama knows (known: " + known + ")");
  }
  if (!coin->supported) fail("blockchain", std::string(coin->displayName) + " is not supported yet: " + std::string(coin->unsupportedReason));

  if (config.algorithm.variant.empty()) {
    config.algorithm.variant = coin->algorithm;
  } else if (config.algorithm.variant != coin->algorithm) {
    throw ConfigError("algorithm.variant", json(config.algorithm.variant).dump(),
                      std::string(coin->displayName) + " uses " + std::string(coin->algorithm));
  }

  if (config.sandbox && config.network != chain::Network::Regtest) {
    fail("network", "the sandbox runs only on regtest");
  }
  if (config.blockchainPort == 0) config.blockchainPort = coin->defaultRpcPort(config.network);

  if (!config.sandbox && config.poolAddress.empty()) {
    fail("poolAddress", "is required: the payout address of this node (or set \"sandbox\": true)");
  }
  // The wizard checks the address with the same function, so both say the same.
  if (!config.poolAddress.empty()) {
    if (auto problem = payoutAddressReason(config.blockchain, config.network, config.poolAddress)) {
      fail("poolAddress", *problem);
    }
  }
  if (config.poolFee > 0 && config.poolAddress.empty()) fail("poolFee", "needs a poolAddress to pay the fee to");

  if (const std::string problem = hostProblem(config.blockchainHost); !problem.empty()) fail("blockchainHost", problem);
  if (const std::string problem = hostProblem(config.apiBind); !problem.empty()) fail("apiBind", problem);
  if (const std::string problem = hostProblem(config.p2pBind); !problem.empty()) fail("p2pBind", problem);
  if (const std::string problem = hostProblem(config.stratumBind); !problem.empty()) fail("stratumBind", problem);

  if (config.p2pPort == config.stratumPort) fail("stratumPort", "must differ from p2pPort");
  if (config.apiPort == config.stratumPort) fail("apiPort", "must differ from stratumPort");
  if (config.apiPort == config.p2pPort) fail("apiPort", "must differ from p2pPort");

  const std::uint16_t tls = config.stratum.tlsPort;
  if (tls != 0 && (tls == config.stratumPort || tls == config.p2pPort || tls == config.apiPort)) {
    throw ConfigError("stratum.tlsPort", std::to_string(tls), "must differ from stratumPort, p2pPort and apiPort");
  }

  if (config.dataDir.empty()) config.dataDir = defaultDataDir();
  if (config.stratum.tlsCertificate.empty()) config.stratum.tlsCertificate = config.dataDir / "stratum.crt";
  if (config.stratum.tlsKey.empty()) config.stratum.tlsKey = config.dataDir / "stratum.key";
}

std::string lineAndColumn(std::string_view text, std::size_t byteOffset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byteOffset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

std::filesystem::path defaultDataDir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::filesystem::path(xdg) / "otedama";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".local" / "share" / "otedama";
  }
  return std::filesystem::current_path() / "otedama-data";
}

ConfigError::ConfigError(std::string key, std::string value, std::string reason)
    : std::runtime_error(key.empty() ? reason : "config key '" + key + "' = " + value + ": " + reason),
      key_(std::move(key)),
      value_(std::move(value)),
      reason_(std::move(reason)) {}

chain::RpcEndpoint rpcEndpointOf(const Config& config) {
  chain::RpcEndpoint endpoint;
  endpoint.host = config.blockchainHost;
  endpoint.port = config.blockchainPort;
  endpoint.username = config.blockchainUsername;
  endpoint.password = config.blockchainPassword;
  endpoint.cookieFile = config.blockchainCookieFile;
  return endpoint;
}

HostPort parseHostPort(std::string_view text) {
  HostPort out;
  std::string_view portText;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      throw std::invalid_argument("must be [IPv6]:port");
    }
    out.host = std::string(text.substr(1, close - 1));
    portText = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) throw std::invalid_argument("must be host:port (no port given)");
    out.host = std::string(text.substr(0, colon));
    portText = text.substr(colon + 1);
    if (out.host.find(':') != std::string::npos) throw std::invalid_argument("an IPv6 address must be written [addr]:port");
  }
  if (const std::string problem = hostProblem(out.host); !problem.empty()) throw std::invalid_argument(problem);
  if (portText.empty() || portText.size() > 5 || portText.find_first_not_of("0123456789") != std::string_view::npos) {
    throw std::invalid_argument("the port must be a number from 1 to 65535");
  }
  const unsigned long port = std::stoul(std::string(portText));
  if (port < 1 || port > 65535) throw std::invalid_argument("the port must be a number from 1 to 65535");
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

LoadedConfig parseConfig(std::string_view jsonText) {
  if (jsonText.size() > kMaxConfigBytes) throw ConfigError("", "", "the config is larger than 1 MiB");
  json root;
  try {
    root = json::parse(jsonText.begin(), jsonText.end(), nullptr, /*allow_exceptions=*/true,
                       /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    // nlohmann's message starts with its own error id; keep the part a person can act on.
    std::string detail = e.what();
    if (const auto at = detail.find("syntax error"); at != std::string::npos) detail = detail.substr(at);
    throw ConfigError("", "", "the config is not valid JSON at " + lineAndColumn(jsonText, e.byte > 0 ? e.byte - 1 : 0) +
                                  ": " + detail);
  }
  if (!root.is_object()) throw ConfigError("", "", "the config must be a JSON object { ... }");

  LoadedConfig loaded;
  Config& c = loaded.config;
  ObjectReader reader(root, "");
  reader.boolean("sandbox", c.sandbox);
  if (c.sandbox) c.network = chain::Network::Regtest;
  reader.string("poolName", c.poolName, 64, /*allowEmpty=*/false);
  reader.string("poolAddress", c.poolAddress, 128);
  reader.numberInclusive("poolFee", c.poolFee, 0.0, kMaxPoolFeePercent,
                         "a percentage from 0 to 5 (the share chain's largest node fee)");
  reader.string("blockchain", c.blockchain, 32, false);
  std::string network;
  reader.string("network", network, 16);
  if (!network.empty()) {
    const auto parsed = chain::parseNetwork(network);
    if (!parsed) reader.fail("network", json(network), "must be mainnet, testnet or regtest");
    c.network = *parsed;
  }
  reader.string("blockchainHost", c.blockchainHost, 253, false);
  reader.integer("blockchainPort", c.blockchainPort, 1, 65535);
  reader.string("blockchainUsername", c.blockchainUsername, 256);
  reader.string("blockchainPassword", c.blockchainPassword, 256);
  reader.string("blockchainCookieFile", c.blockchainCookieFile, 4096);
  reader.integer("p2pPort", c.p2pPort, 1, 65535);
  reader.integer("stratumPort", c.stratumPort, 1, 65535);
  reader.integer("apiPort", c.apiPort, 1, 65535);
  reader.string("apiBind", c.apiBind, 253, false);
  reader.string("p2pBind", c.p2pBind, 253, false);
  reader.string("stratumBind", c.stratumBind, 253, false);
  readBootstrapNodes(reader, c);
  reader.integer("maxPeers", c.maxPeers, 1, 1000);
  reader.integer("shareWindow", c.shareWindow, 10, 100000);
  reader.integer("targetShareTime", c.targetShareTime, 1, 600);
  std::string dataDir;
  reader.string("dataDir", dataDir, 4096);
  c.dataDir = dataDir;
  readLogging(reader, c, loaded.warnings);
  readAlgorithm(reader, c, loaded.warnings);
  readStratum(reader, c, loaded.warnings);
  reader.warnUnknown(loaded.warnings);

  checkCombined(root, c);
  return loaded;
}

LoadedConfig loadConfigFile(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw ConfigError("", "", "cannot read config file '" + path.string() + "': " + ec.message());
  if (size > kMaxConfigBytes) throw ConfigError("", "", "config file '" + path.string() + "' is larger than 1 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw ConfigError("", "", "cannot read config file '" + path.string() + "'");
  try {
    return parseConfig(text.str());
  } catch (const ConfigError& e) {
    if (!e.key().empty()) throw;
    throw ConfigError("", "", path.string() + ": " + e.reason());
  }
}

std::string describeConfig(const Config& c) {
  const chain::CoinParams* coin = chain::findCoin(c.blockchain);
  std::ostringstream out;
  out << (c.sandbox ? "sandbox (local test network) " : "pool ") << '"' << c.poolName << "\" on "
      << (coin ? coin->displayName : c.blockchain) << ' ' << chain::networkName(c.network) << " ("
      << c.algorithm.variant << ")\n";
  out << "  blockchain node  " << c.blockchainHost << ':' << c.blockchainPort
      << (c.blockchainUsername.empty() ? (c.blockchainCookieFile.empty() ? "" : " (cookie file)") : " (user/password)")
      << '\n';
  out << "  payouts          " << (c.poolAddress.empty() ? "(sandbox address)" : c.poolAddress) << ", pool fee "
      << c.poolFee << " %\n";
  out << "  share chain      " << c.targetShareTime << " s shares, PPLNS window of " << c.shareWindow << " shares\n";
  out << "  stratum          port " << c.stratumPort;
  if (c.stratum.tlsPort != 0) out << ", TLS port " << c.stratum.tlsPort;
  out << ", one share per miner every " << c.stratum.shareSeconds << " s\n";
  out << "  p2p              port " << c.p2pPort << ", up to " << c.maxPeers << " peers, " << c.bootstrapNodes.size()
      << " bootstrap node(s)\n";
  out << "  api              http://" << c.apiBind << ':' << c.apiPort << "/api/stats\n";
  out << "  data             " << c.dataDir.string() << '\n';
  return out.str();
}

}  // namespace otedama::node
