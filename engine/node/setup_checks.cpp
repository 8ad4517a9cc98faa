// The setup wizard's checks: chains, payout addresses, ports, the blockchain node, and writing the
// configuration file.
#include "node/setup_checks.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <nlohmann/json.hpp>

#include "chain/address.hpp"
#include "chain/block_template.hpp"

namespace otedama::node {
namespace {

namespace asio = boost::asio;

// A reason from the chain code ("the checksum does not match: ...") as a sentence for a form.
std::string sentence(std::string text) {
  if (text.empty()) return text;
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (const char last = text.back(); last != '.' && last != '!' && last != '?') text += '.';
  return text;
}

std::string unknownChainProblem(const std::string& chainId) {
  std::string known;
  for (const auto& c : chain::knownCoins()) known += (known.empty() ? "" : ", ") + std::string(c.name);
  return "Otedama does not know the chain '" + chainId + "' (known: " + known + ")";
}

std::string unsupportedProblem(const chain::CoinParams& coin) {
  return std::string(coin.displayName) + " is not supported yet: " + std::string(coin.unsupportedReason);
}

// The words for a failed bind; `port` is "port 3333" or "UDP port 9338".
std::string bindProblem(const boost::system::error_code& ec, const std::string& port, const std::string& bindHost,
                        std::uint16_t number, const std::string& addendum) {
  if (ec == asio::error::address_in_use) return sentence(port + " is in use by another program" + addendum);
  if (ec == asio::error::access_denied) {
    return "Cannot use " + port + ": permission denied" +
           (number < 1024 ? " (ports below 1024 are reserved for the system; choose one from 1024 up)" : "") + ".";
  }
  if (ec == boost::system::errc::address_not_available) {
    return "Cannot listen on " + bindHost + ": it is not an address of this computer.";
  }
  return "Cannot use " + port + " on " + bindHost + ": " + ec.message() + ".";
}

std::string hostPortText(const HostPort& hostPort) {
  const bool v6 = hostPort.host.find(':') != std::string::npos;
  return (v6 ? "[" + hostPort.host + "]" : hostPort.host) + ":" + std::to_string(hostPort.port);
}

[[noreturn]] void throwWriteError(const std::filesystem::path& path, const std::string& what, int error) {
  throw std::runtime_error("cannot write the config file '" + path.string() + "': " + what + ": " +
                           std::strerror(error));
}

}  // namespace

std::vector<ChainChoice> chainChoices() {
  std::vector<ChainChoice> choices;
  for (const chain::CoinParams& coin : chain::knownCoins()) {
    ChainChoice choice;
    choice.id = coin.name;
    choice.displayName = coin.displayName;
    choice.algorithm = coin.algorithm;
    choice.ticker = coin.ticker;
    choice.supported = coin.supported;
    if (!coin.supported) choice.reason = sentence(std::string(coin.unsupportedReason));
    choice.rpcPorts = coin.rpcPorts;
    choices.push_back(std::move(choice));
  }
  return choices;
}

std::uint16_t defaultRpcPort(const std::string& chainId, chain::Network network) {
  const chain::CoinParams* coin = chain::findCoin(chainId);
  return coin == nullptr ? 0 : coin->defaultRpcPort(network);
}

std::optional<std::string> payoutAddressReason(const std::string& chainId, chain::Network network,
                                               const std::string& address) {
  const chain::CoinParams* coin = chain::findCoin(chainId);
  if (coin == nullptr) return unknownChainProblem(chainId);
  if (!coin->supported) return unsupportedProblem(*coin);
  if (coin->family == chain::ChainFamily::Bitcoin) {
    try {
      const chain::DecodedAddress decoded = chain::decodeAddress(address, coin->name, network);
      if (decoded.type == chain::AddressType::WitnessUnknown) {
        return "this address uses witness version " + std::to_string(decoded.witnessVersion) +
               ", which has no spending rules yet: anyone could take such payouts";
      }
    } catch (const chain::AddressError& e) {
      return std::string(e.what());
    }
    return std::nullopt;
  }
  // Monero-family addresses are not decoded yet (no Monero client); refuse what cannot be one.
  if (address.empty()) return "the address is empty";
  for (char c : address) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      return std::string("this is not an address: it contains the character '") + c + "'";
    }
  }
  return std::nullopt;
}

std::optional<std::string> payoutAddressProblem(const std::string& chainId, chain::Network network,
                                                const std::string& address) {
  std::optional<std::string> reason = payoutAddressReason(chainId, network, address);
  if (!reason) return reason;
  // Some decoder reasons start with the offending character ("'l' at position 2 is not a Base58
  // character"); on their own in a form they need a subject.
  if (!reason->empty() && !std::isalpha(static_cast<unsigned char>(reason->front()))) {
    *reason = "this is not an address: " + *reason;
  }
  return sentence(std::move(*reason));
}

std::optional<std::string> portProblem(const std::string& bindHost, std::uint16_t port, PortUse use) {
  if (port == 0) return "Port 0 is not a port to listen on; choose one from 1 to 65535.";
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(bindHost, ec);
  if (ec) {
    return "'" + bindHost + "' is not an IP address to listen on; use 0.0.0.0 (every IPv4 address), "
                            ":: (IPv6 and IPv4) or 127.0.0.1 (this computer only).";
  }
  asio::io_context io;
  {
    // The same options as the node's listeners (LinkListener, StratumServer, ApiServer).
    asio::ip::tcp::acceptor acceptor(io);
    const asio::ip::tcp::endpoint endpoint(address, port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec && address.is_v6()) acceptor.set_option(asio::ip::v6_only(false), ec);
    if (!ec) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return bindProblem(ec, "port " + std::to_string(port), bindHost, port, "");
  }
  if (use == PortUse::TcpAndUdp) {
    // As Discovery binds it: no SO_REUSEADDR, dual-stack on "::".
    asio::ip::udp::socket socket(io);
    const asio::ip::udp::endpoint endpoint(address, port);
    socket.open(endpoint.protocol(), ec);
    if (!ec && address.is_v6()) socket.set_option(asio::ip::v6_only(false), ec);
    if (!ec) socket.bind(endpoint, ec);
    if (ec) {
      return bindProblem(ec, "UDP port " + std::to_string(port), bindHost, port,
                         " (peer discovery uses the P2P port's number over UDP as well)");
    }
  }
  return std::nullopt;
}

BlockchainNodeCheck checkBlockchainNode(const Config& config, std::chrono::seconds timeout) {
  BlockchainNodeCheck result;
  const chain::CoinParams* coin = chain::findCoin(config.blockchain);
  if (coin == nullptr) {
    result.problem = sentence(unknownChainProblem(config.blockchain));
    return result;
  }
  if (!coin->supported) {
    result.problem = sentence(unsupportedProblem(*coin));
    return result;
  }
  if (coin->family != chain::ChainFamily::Bitcoin) {
    result.problem = "The " + std::string(coin->displayName) + " node client is not implemented yet, so its node "
                     "cannot be checked.";
    return result;
  }
  chain::RpcEndpoint endpoint = rpcEndpointOf(config);
  if (endpoint.port == 0) endpoint.port = coin->defaultRpcPort(config.network);
  if (timeout < std::chrono::seconds(1)) timeout = std::chrono::seconds(1);

  asio::io_context io;
  // Declared after io: destroyed first, so it closes its connections (a kept-alive connection
  // left open would hold up the node's own shutdown) while io still exists.
  chain::BitcoinNode node(io, endpoint, *coin, config.network, chain::RpcOptions{.timeout = timeout});
  bool finished = false;
  auto fail = [&](const chain::NodeProblem& problem) {
    result.problem = problem.message;
    result.problemKind = problem.kind;
    finished = true;
  };
  node.checkStatus([&](chain::NodeStatus status) {
    result.version = status.version;
    result.chainName = status.chain;
    result.blocks = status.blocks;
    result.headers = status.headers;
    result.peers = status.connections;
    const bool answered = !status.chain.empty();
    result.synced = answered && !(status.problem && (status.problem->kind == chain::NodeProblem::Kind::Syncing ||
                                                     status.problem->kind == chain::NodeProblem::Kind::WarmingUp));
    if (status.problem) {
      fail(*status.problem);
      return;
    }
    result.statusOk = true;
    node.getTemplate({}, [&](chain::TemplateReply reply) {
      if (reply.problem) {
        // A node past checkStatus can still refuse templates while in initial download.
        if (reply.problem->kind == chain::NodeProblem::Kind::Syncing) result.synced = false;
        fail(*reply.problem);
        return;
      }
      const chain::BlockTemplate& t = *reply.blockTemplate;
      result.templateOk = true;
      result.templateHeight = t.height;
      result.templatePreviousBlock = t.previousBlockHashHex();
      result.templateTransactions = t.transactions.size();
      result.templateReward = t.coinbaseValue;
      result.templateMweb = t.mweb.has_value();
      result.ok = true;
      finished = true;
    });
  });
  // Each call has `timeout`; the margin lets a call's own timeout message win over this one.
  io.run_for(timeout + std::chrono::seconds(2));
  if (!finished) {
    fail({chain::NodeProblem::Kind::Unreachable, "The " + std::string(coin->displayName) + " node at " +
                                                     endpoint.host + ":" + std::to_string(endpoint.port) +
                                                     " did not finish answering within " +
                                                     std::to_string(timeout.count()) + " s"});
  }
  return result;
}

std::string configToJson(const Config& c) {
  using ordered = nlohmann::ordered_json;
  const Config defaults;
  const chain::CoinParams* coin = chain::findCoin(c.blockchain);
  ordered j = ordered::object();
  if (c.sandbox != defaults.sandbox) j["sandbox"] = c.sandbox;
  j["poolName"] = c.poolName;
  j["poolAddress"] = c.poolAddress;
  j["poolFee"] = c.poolFee;
  j["blockchain"] = c.blockchain;
  j["network"] = chain::networkName(c.network);
  j["blockchainHost"] = c.blockchainHost;
  // An unset port means the chain's default; write it out so the file says where the node is.
  const std::uint16_t rpcPort = c.blockchainPort != 0 ? c.blockchainPort : defaultRpcPort(c.blockchain, c.network);
  if (rpcPort != 0) j["blockchainPort"] = rpcPort;
  const bool cookieOnly = c.blockchainUsername.empty() && c.blockchainPassword.empty() && !c.blockchainCookieFile.empty();
  if (!cookieOnly) {
    j["blockchainUsername"] = c.blockchainUsername;
    j["blockchainPassword"] = c.blockchainPassword;
  }
  if (!c.blockchainCookieFile.empty()) j["blockchainCookieFile"] = c.blockchainCookieFile;
  j["p2pPort"] = c.p2pPort;
  j["stratumPort"] = c.stratumPort;
  j["apiPort"] = c.apiPort;
  if (c.apiBind != defaults.apiBind) j["apiBind"] = c.apiBind;
  if (c.p2pBind != defaults.p2pBind) j["p2pBind"] = c.p2pBind;
  if (c.stratumBind != defaults.stratumBind) j["stratumBind"] = c.stratumBind;
  ordered bootstrap = ordered::array();
  for (const HostPort& node : c.bootstrapNodes) bootstrap.push_back(hostPortText(node));
  j["bootstrapNodes"] = std::move(bootstrap);
  j["maxPeers"] = c.maxPeers;
  j["shareWindow"] = c.shareWindow;
  j["targetShareTime"] = c.targetShareTime;
  // dataDir and the TLS files are left out when they are what parseConfig would derive anyway,
  // so the file keeps following $XDG_DATA_HOME.
  const std::filesystem::path dataDir = c.dataDir.empty() ? defaultDataDir() : c.dataDir;
  if (dataDir != defaultDataDir()) j["dataDir"] = dataDir.string();
  j["logging"] = ordered{{"level", std::string(spdlog::level::to_string_view(c.logging.level).data(),
                                               spdlog::level::to_string_view(c.logging.level).size())},
                         {"file", c.logging.file}};
  ordered algorithm = ordered::object();
  if (!c.algorithm.variant.empty()) {
    algorithm["variant"] = c.algorithm.variant;
  } else if (coin != nullptr) {
    algorithm["variant"] = coin->algorithm;
  }
  algorithm["threads"] = c.algorithm.threads;
  if (c.algorithm.randomxMode != defaults.algorithm.randomxMode) {
    algorithm["randomxMode"] = pow::randomXModeName(c.algorithm.randomxMode);
  }
  j["algorithm"] = std::move(algorithm);

  const StratumConfig& s = c.stratum;
  const StratumConfig& sd = defaults.stratum;
  ordered stratum = ordered::object();
  // 0 means "a default for the algorithm"; parseConfig accepts only positive difficulties.
  if (s.startDifficulty > 0) stratum["startDifficulty"] = s.startDifficulty;
  if (s.minDifficulty > 0) stratum["minDifficulty"] = s.minDifficulty;
  if (s.maxDifficulty > 0) stratum["maxDifficulty"] = s.maxDifficulty;
  if (s.shareSeconds != sd.shareSeconds) stratum["shareSeconds"] = s.shareSeconds;
  if (s.maxConnectionsPerIp != sd.maxConnectionsPerIp) stratum["maxConnectionsPerIp"] = s.maxConnectionsPerIp;
  if (s.banSeconds != sd.banSeconds) stratum["banSeconds"] = s.banSeconds;
  if (s.banLoopback != sd.banLoopback) stratum["banLoopback"] = s.banLoopback;
  if (s.tlsPort != sd.tlsPort) stratum["tlsPort"] = s.tlsPort;
  if (!s.tlsCertificate.empty() && s.tlsCertificate != dataDir / "stratum.crt") {
    stratum["tlsCertificate"] = s.tlsCertificate.string();
  }
  if (!s.tlsKey.empty() && s.tlsKey != dataDir / "stratum.key") stratum["tlsKey"] = s.tlsKey.string();
  if (s.tlsSelfSigned != sd.tlsSelfSigned) stratum["tlsSelfSigned"] = s.tlsSelfSigned;
  if (!stratum.empty()) j["stratum"] = std::move(stratum);

  try {
    return j.dump(2);
  } catch (const nlohmann::json::type_error& e) {
    throw std::invalid_argument(std::string("the configuration holds text that is not UTF-8: ") + e.what());
  }
}

void writeConfigFile(const std::filesystem::path& path, const Config& config) {
  const std::string text = configToJson(config) + "\n";
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    throw std::runtime_error("cannot write the config file '" + path.string() + "': cannot create the folder '" +
                             folder.string() + "': " + ec.message());
  }
  // A temporary file beside the target, so that rename() replaces it in one step: a crash or a full
  // disk leaves the old file or the new one, never half of one.
  std::string temp = (folder / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());  // created with mode 0600
  if (fd < 0) throwWriteError(path, "cannot create a temporary file in '" + folder.string() + "'", errno);
  auto failWith = [&](const std::string& what) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    throwWriteError(path, what, error);
  };
  if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) failWith("cannot set its mode to 0600");
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      failWith("cannot write the temporary file");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) failWith("cannot flush the temporary file to disk");
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throwWriteError(path, "cannot close the temporary file", error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throwWriteError(path, "cannot replace it", error);
  }
  // The rename itself is durable only once the folder is flushed; a failure here loses nothing.
  if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::filesystem::path defaultConfigPath() {
  // The XDG base directory rules: a relative XDG_CONFIG_HOME is ignored.
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') {
    return std::filesystem::path(xdg) / "otedama" / "otedama.json";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".config" / "otedama" / "otedama.json";
  }
  return std::filesystem::current_path() / "otedama.json";
}

}  // namespace otedama::node
