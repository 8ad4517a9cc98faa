// Tests of the setup wizard's engine checks (node/setup_checks.hpp): the chain list, payout
// addresses with their messages, port checks against sockets this test holds, the config file's
// JSON round trip and atomic 0600 write, the default config path, and the blockchain node check
// against real litecoind regtest nodes (ready, closed port, wrong password, wrong network, silent).
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <nlohmann/json.hpp>

#include "chain/coin_params.hpp"
#include "free_port.hpp"
#include "litecoind_regtest.hpp"
#include "node/config.hpp"
#include "node/setup_checks.hpp"

using namespace otedama;
using namespace otedama::node;
using chain::Network;

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

constexpr const char* kMainnetAddress = "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9";
constexpr const char* kTestnetAddress = "tltc1q8y9naxlsw7xay4jesqshnpeuc0ap8fg9ejm2j2memwq4ng87dk3s88nr5j";
constexpr const char* kRegtestAddress = "rltc1qaq8t3pakcftpk095tnqfv5cmmczysls05c8zyn";

QString qs(const std::string& text) { return QString::fromStdString(text); }

// Every field parseConfig reads, compared one by one (Config holds a std::function in its logging
// options, so it has no operator==). Returns the first field that differs, or an empty string.
std::string firstDifference(const Config& a, const Config& b) {
#define OTEDAMA_SAME(field) \
  if (!(a.field == b.field)) return #field;
  OTEDAMA_SAME(sandbox)
  OTEDAMA_SAME(poolName)
  OTEDAMA_SAME(poolAddress)
  OTEDAMA_SAME(poolFee)
  OTEDAMA_SAME(blockchain)
  OTEDAMA_SAME(network)
  OTEDAMA_SAME(blockchainHost)
  OTEDAMA_SAME(blockchainPort)
  OTEDAMA_SAME(blockchainUsername)
  OTEDAMA_SAME(blockchainPassword)
  OTEDAMA_SAME(blockchainCookieFile)
  OTEDAMA_SAME(p2pPort)
  OTEDAMA_SAME(stratumPort)
  OTEDAMA_SAME(apiPort)
  OTEDAMA_SAME(apiBind)
  OTEDAMA_SAME(p2pBind)
  OTEDAMA_SAME(stratumBind)
  OTEDAMA_SAME(bootstrapNodes)
  OTEDAMA_SAME(maxPeers)
  OTEDAMA_SAME(shareWindow)
  OTEDAMA_SAME(targetShareTime)
  OTEDAMA_SAME(logging.level)
  OTEDAMA_SAME(logging.file)
  OTEDAMA_SAME(algorithm.variant)
  OTEDAMA_SAME(algorithm.threads)
  OTEDAMA_SAME(algorithm.randomxMode)
  OTEDAMA_SAME(stratum.startDifficulty)
  OTEDAMA_SAME(stratum.minDifficulty)
  OTEDAMA_SAME(stratum.maxDifficulty)
  OTEDAMA_SAME(stratum.shareSeconds)
  OTEDAMA_SAME(stratum.maxConnectionsPerIp)
  OTEDAMA_SAME(stratum.banSeconds)
  OTEDAMA_SAME(stratum.banLoopback)
  OTEDAMA_SAME(stratum.tlsPort)
  OTEDAMA_SAME(stratum.tlsCertificate)
  OTEDAMA_SAME(stratum.tlsKey)
  OTEDAMA_SAME(stratum.tlsSelfSigned)
  OTEDAMA_SAME(dataDir)
#undef OTEDAMA_SAME
  return {};
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> folderEntries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  return names;
}

// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

Config regtestConfig(std::uint16_t rpcPort) {
  Config config;
  config.sandbox = true;
  config.network = Network::Regtest;
  config.blockchainPort = rpcPort;
  config.blockchainUsername = test::LitecoindRegtest::kRpcUser;
  config.blockchainPassword = test::LitecoindRegtest::kRpcPassword;
  return config;
}

}  // namespace

class TestSetupChecks : public QObject {
  Q_OBJECT

 private slots:
  void cleanupTestCase() { harness_.reset(); }  // stops litecoind and removes its folder

  void chainListFollowsTheCoinTable() {
    const std::vector<ChainChoice> choices = chainChoices();
    const auto coins = chain::knownCoins();
    QCOMPARE(choices.size(), std::size_t{10});
    QCOMPARE(choices.size(), coins.size());
    for (std::size_t i = 0; i < choices.size(); ++i) {
      QCOMPARE(qs(choices[i].id), qs(std::string(coins[i].name)));
      QCOMPARE(choices[i].supported, coins[i].supported);
      QCOMPARE(choices[i].reason.empty(), coins[i].supported);
      QVERIFY(!choices[i].displayName.empty() && !choices[i].ticker.empty() && !choices[i].algorithm.empty());
    }
    const auto litecoin = std::find_if(choices.begin(), choices.end(), [](const ChainChoice& c) { return c.id == "litecoin"; });
    QVERIFY(litecoin != choices.end());
    QVERIFY(litecoin->supported);
    QCOMPARE(qs(litecoin->algorithm), QString("scrypt"));
    QCOMPARE(qs(litecoin->ticker), QString("LTC"));
    QCOMPARE(qs(litecoin->displayName), QString("Litecoin"));
    QCOMPARE(litecoin->defaultRpcPort(Network::Mainnet), std::uint16_t{9332});
    QCOMPARE(litecoin->defaultRpcPort(Network::Regtest), std::uint16_t{19443});

    const auto kaspa = std::find_if(choices.begin(), choices.end(), [](const ChainChoice& c) { return c.id == "kaspa"; });
    QVERIFY(kaspa != choices.end());
    QVERIFY(!kaspa->supported);
    QVERIFY2(qs(kaspa->reason).contains("not implemented yet"), kaspa->reason.c_str());

    QCOMPARE(defaultRpcPort("litecoin", Network::Testnet), std::uint16_t{19332});
    QCOMPARE(defaultRpcPort("bitcoin", Network::Regtest), std::uint16_t{18443});
    QCOMPARE(defaultRpcPort("dogecoin", Network::Mainnet), std::uint16_t{0});
  }

  void validAddressesPass_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("network");
    QTest::newRow("mainnet bech32") << kMainnetAddress << int(Network::Mainnet);
    QTest::newRow("mainnet P2PKH") << "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1" << int(Network::Mainnet);
    QTest::newRow("mainnet P2SH") << "MHrYRxAiMNBTku3eoDHwhA1LQGDjUStZW2" << int(Network::Mainnet);
    QTest::newRow("testnet bech32") << kTestnetAddress << int(Network::Testnet);
    QTest::newRow("regtest bech32") << kRegtestAddress << int(Network::Regtest);
    QTest::newRow("regtest P2PKH") << "mpWvR79tSrA5xeziB6mjNYWdaVRwBpgnUP" << int(Network::Regtest);
  }

  void validAddressesPass() {
    QFETCH(QString, address);
    QFETCH(int, network);
    const auto problem = payoutAddressProblem("litecoin", Network(network), address.toStdString());
    QVERIFY2(!problem, problem ? problem->c_str() : "");
  }

  void badAddressesAreExplained_data() {
    QTest::addColumn<QString>("chain");
    QTest::addColumn<int>("network");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("empty") << "litecoin" << int(Network::Mainnet) << ""
                           << QStringList{"The address is empty", "ltc1"};
    QTest::newRow("mainnet address on regtest") << "litecoin" << int(Network::Regtest) << kMainnetAddress
                                                << QStringList{"Litecoin mainnet address", "Litecoin regtest", "rltc1"};
    QTest::newRow("testnet address on mainnet") << "litecoin" << int(Network::Mainnet) << kTestnetAddress
                                                << QStringList{"testnet", "mainnet"};
    QTest::newRow("bitcoin address on litecoin") << "litecoin" << int(Network::Mainnet)
                                                 << "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
                                                 << QStringList{"Bitcoin mainnet address", "Litecoin"};
    QTest::newRow("bad checksum") << "litecoin" << int(Network::Mainnet) << "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n8"
                                  << QStringList{"checksum"};
    QTest::newRow("garbage") << "litecoin" << int(Network::Mainnet) << "hello, world" << QStringList{};
    QTest::newRow("future witness version") << "litecoin" << int(Network::Mainnet)
                                            << "ltc1zqqqsyqcyq5rqwzqfpg9scrgwpuuslqj7"
                                            << QStringList{"witness version 2", "anyone could take"};
    QTest::newRow("unsupported chain") << "kaspa" << int(Network::Mainnet) << kMainnetAddress
                                       << QStringList{"Kaspa is not supported yet"};
    QTest::newRow("unknown chain") << "dogecoin" << int(Network::Mainnet) << kMainnetAddress
                                   << QStringList{"does not know the chain 'dogecoin'"};
  }

  void badAddressesAreExplained() {
    QFETCH(QString, chain);
    QFETCH(int, network);
    QFETCH(QString, address);
    QFETCH(QStringList, words);
    const auto problem = payoutAddressProblem(chain.toStdString(), Network(network), address.toStdString());
    QVERIFY(problem.has_value());
    const QString message = qs(*problem);
    // A sentence for people: capital first letter, full stop at the end.
    QVERIFY2(message.front().isUpper() && message.endsWith('.'), qPrintable(message));
    for (const QString& word : words) QVERIFY2(message.contains(word), qPrintable(message));
  }

  void configRefusesAddressesWithTheSameWords() {
    try {
      parseConfig(nlohmann::json{{"network", "regtest"}, {"poolAddress", kMainnetAddress}}.dump());
      QFAIL("a mainnet address was accepted on regtest");
    } catch (const ConfigError& e) {
      QCOMPARE(qs(e.key()), QString("poolAddress"));
      QCOMPARE(e.reason(), *payoutAddressReason("litecoin", Network::Regtest, kMainnetAddress));
      // The wizard's sentence is the same words.
      QCOMPARE(qs(*payoutAddressProblem("litecoin", Network::Regtest, kMainnetAddress)).toLower(),
               qs(e.reason() + ".").toLower());
    }
  }

  void portInUseIsFound() {
    asio::io_context io;
    // This constructor binds and listens.
    asio::ip::tcp::acceptor held(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const std::uint16_t port = held.local_endpoint().port();
    const auto problem = portProblem("127.0.0.1", port);
    QVERIFY(problem.has_value());
    QVERIFY2(qs(*problem).contains("Port " + QString::number(port) + " is in use by another program"), problem->c_str());
    // A listener on every address also collides with one on loopback.
    QVERIFY(portProblem("0.0.0.0", port).has_value());

    held.close();
    const auto released = portProblem("127.0.0.1", port);
    QVERIFY2(!released, released ? released->c_str() : "");
  }

  void freePortIsFine() {
    const std::uint16_t port = test::freeLoopbackPort();
    const auto problem = portProblem("127.0.0.1", port, PortUse::TcpAndUdp);
    QVERIFY2(!problem, problem ? problem->c_str() : "");
  }

  void udpPortInUseIsFoundForP2p() {
    // Discovery binds UDP on the P2P port's number: a UDP socket there blocks the P2P port only.
    asio::io_context io;
    for (int attempt = 0; attempt < 20; ++attempt) {
      asio::ip::udp::socket held(io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
      const std::uint16_t port = held.local_endpoint().port();
      if (portProblem("127.0.0.1", port, PortUse::Tcp)) continue;  // TCP taken by chance: another port
      const auto problem = portProblem("127.0.0.1", port, PortUse::TcpAndUdp);
      QVERIFY(problem.has_value());
    QVERIFY2(qs(*problem).contains("UDP port " + QString::number(port) + " is in use by another program"),
               problem->c_str());
      QVERIFY2(qs(*problem).contains("discovery"), problem->c_str());
      return;
    }
    QFAIL("no UDP port whose TCP twin was free");
  }

  void badPortsAndAddressesAreExplained() {
    QVERIFY2(qs(portProblem("127.0.0.1", 0).value_or("")).contains("Port 0"), "port 0");
    QVERIFY(qs(portProblem("my host", 3333).value_or("")).contains("not an IP address"));
    // TEST-NET-1 is no address of this machine.
    QVERIFY(qs(portProblem("192.0.2.1", test::freeLoopbackPort()).value_or("")).contains("not an address of this computer"));
    if (::geteuid() != 0) {
      int unprivilegedStart = 1024;
      std::ifstream("/proc/sys/net/ipv4/ip_unprivileged_port_start") >> unprivilegedStart;
      if (unprivilegedStart > 80) {
        const auto problem = portProblem("127.0.0.1", 80);
        QVERIFY(problem.has_value());
        QVERIFY2(qs(*problem).contains("Cannot use port 80: permission denied") ||
                     qs(*problem).contains("in use"), problem->c_str());
      }
    }
  }

  void configRoundTrip_data() {
    // Texts built with nlohmann::json: moc (Qt 6.4) loses its place in raw strings that begin or
    // end with a quote, and would then miss this class.
    using nlohmann::json;
    QTest::addColumn<QString>("text");
    const json everything = {
        {"poolName", "Round trip pool \u2713"},
        {"poolAddress", kTestnetAddress},
        {"poolFee", 1.25},
        {"blockchain", "litecoin"},
        {"network", "testnet"},
        {"blockchainHost", "node.example.org"},
        {"blockchainPort", 19999},
        {"blockchainCookieFile", "/var/lib/litecoin/testnet4/.cookie"},
        {"p2pPort", 19338},
        {"stratumPort", 13333},
        {"apiPort", 18080},
        {"apiBind", "::1"},
        {"p2pBind", "::"},
        {"stratumBind", "127.0.0.1"},
        {"bootstrapNodes", {"seed1.example.org:9338", "203.0.113.7:9339", "[2001:db8::1]:9340"}},
        {"maxPeers", 12},
        {"shareWindow", 720},
        {"targetShareTime", 15},
        {"dataDir", "/srv/otedama"},
        {"logging", {{"level", "debug"}, {"file", "/var/log/otedama.log"}}},
        {"algorithm", {{"variant", "scrypt"}, {"threads", 3}, {"randomxMode", "light"}}},
        {"stratum",
         {{"startDifficulty", 0.5}, {"minDifficulty", 0.001}, {"maxDifficulty", 1e9}, {"shareSeconds", 7},
          {"maxConnectionsPerIp", 9}, {"banSeconds", 0}, {"banLoopback", true}, {"tlsPort", 13334},
          {"tlsCertificate", "/etc/otedama/tls.crt"}, {"tlsKey", "/etc/otedama/tls.key"}, {"tlsSelfSigned", true}}},
    };
    QTest::newRow("everything set") << qs(everything.dump());
    QTest::newRow("user and password, defaults")
        << qs(json{{"poolAddress", kMainnetAddress}, {"blockchainUsername", "rpc"}, {"blockchainPassword", "p\"w\\d"}}.dump());
    QTest::newRow("both kinds of credentials")
        << qs(json{{"poolAddress", kMainnetAddress}, {"blockchainUsername", "rpc"}, {"blockchainPassword", "pw"},
                   {"blockchainCookieFile", "/tmp/.cookie"}, {"logging", {{"level", "warn"}}}}.dump());
    QTest::newRow("built-in sandbox") << qs(std::string(defaultConfigText()));
    QTest::newRow("bitcoin regtest")
        << qs(json{{"poolAddress", "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9"}, {"blockchain", "bitcoin"},
                   {"network", "regtest"}, {"stratum", {{"tlsPort", 4000}}}}.dump());
  }

  void configRoundTrip() {
    QFETCH(QString, text);
    const Config original = parseConfig(text.toStdString()).config;
    const std::string written = configToJson(original);
    LoadedConfig again;
    try {
      again = parseConfig(written);
    } catch (const ConfigError& e) {
      QFAIL(qPrintable(QString("the written config is refused: %1\n%2").arg(e.what(), qs(written))));
    }
    QVERIFY2(again.warnings.empty(), again.warnings.empty() ? "" : again.warnings.front().c_str());
    const std::string difference = firstDifference(original, again.config);
    QVERIFY2(difference.empty(), qPrintable(qs(difference) + " differs after the round trip:\n" + qs(written)));
    // Writing is stable: the parsed copy writes the same text.
    QCOMPARE(qs(configToJson(again.config)), qs(written));
  }

  void configJsonHasTheGuidesKeys() {
    // Defaults everywhere but the address: the guide's keys are still all written.
    Config config;
    config.poolAddress = kMainnetAddress;
    const std::string written = configToJson(config);
    const nlohmann::json document = nlohmann::json::parse(written);
    for (const char* key : {"poolName", "poolAddress", "poolFee", "blockchain", "network", "blockchainHost",
                            "blockchainPort", "blockchainUsername", "blockchainPassword", "p2pPort", "stratumPort",
                            "apiPort", "bootstrapNodes", "maxPeers", "shareWindow", "targetShareTime", "logging",
                            "algorithm"}) {
      QVERIFY2(document.contains(key), key);
    }
    QCOMPARE(document["blockchainPort"].get<int>(), 9332);  // unset: the chain's default, written out
    QCOMPARE(qs(document["algorithm"]["variant"].get<std::string>()), QString("scrypt"));
    QCOMPARE(qs(document["network"].get<std::string>()), QString("mainnet"));
    QVERIFY(!document.contains("sandbox") && !document.contains("dataDir") && !document.contains("stratum"));
    // Pretty-printed with two spaces, in the guide's order.
    QVERIFY2(written.starts_with("{\n  \"poolName\": \"Otedama\",\n  \"poolAddress\""), written.c_str());
    QVERIFY(written.find("\n    \"level\": \"info\"") != std::string::npos);

    // A cookie file replaces the username and password.
    config.blockchainCookieFile = "/home/me/.litecoin/.cookie";
    const nlohmann::json cookie = nlohmann::json::parse(configToJson(config));
    QCOMPARE(qs(cookie["blockchainCookieFile"].get<std::string>()), QString("/home/me/.litecoin/.cookie"));
    QVERIFY(!cookie.contains("blockchainUsername") && !cookie.contains("blockchainPassword"));
  }

  void writeConfigFileIsPrivateAndAtomic() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path folder = fs::path(dir.path().toStdString()) / "config" / "otedama";
    const fs::path path = folder / "otedama.json";
    Config config;
    config.poolAddress = kMainnetAddress;
    config.blockchainUsername = "rpc";
    config.blockchainPassword = "secret";
    config = parseConfig(configToJson(config)).config;  // with the derived values filled in
    writeConfigFile(path, config);  // creates the folder
    QCOMPARE(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    QCOMPARE(folderEntries(folder), std::vector<std::string>{"otedama.json"});
    QVERIFY(firstDifference(loadConfigFile(path).config, config).empty());
    QCOMPARE(readFile(path), configToJson(config) + "\n");

    // Replaced by rename, not rewritten in place: a reader holding the old file still reads it
    // whole, and a file someone made world-readable comes back private.
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
    const std::string before = readFile(path);
    std::ifstream oldReader(path, std::ios::binary);
    QVERIFY(oldReader.is_open());
    config.poolName = "Renamed pool";
    writeConfigFile(path, config);
    std::ostringstream oldText;
    oldText << oldReader.rdbuf();
    QCOMPARE(oldText.str(), before);
    QCOMPARE(loadConfigFile(path).config.poolName, std::string("Renamed pool"));
    QCOMPARE(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    QCOMPARE(folderEntries(folder), std::vector<std::string>{"otedama.json"});
  }

  void writeConfigFileErrorsNameThePath() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path root = dir.path().toStdString();
    Config config;
    config.sandbox = true;
    config.network = Network::Regtest;

    // The target is a folder: the rename fails and the temporary file is removed.
    const fs::path folderTarget = root / "taken";
    fs::create_directory(folderTarget);
    fs::create_directory(folderTarget / "inside");
    try {
      writeConfigFile(folderTarget, config);
      QFAIL("a folder was overwritten");
    } catch (const std::runtime_error& e) {
      QVERIFY2(qs(e.what()).contains(qs(folderTarget.string())), e.what());
    }
    QCOMPARE(folderEntries(root), std::vector<std::string>{"taken"});

    // The folder cannot be created: a file is in its way.
    std::ofstream(root / "file") << "x";
    const fs::path underFile = root / "file" / "otedama.json";
    try {
      writeConfigFile(underFile, config);
      QFAIL("wrote under a file");
    } catch (const std::runtime_error& e) {
      QVERIFY2(qs(e.what()).contains(qs(underFile.string())), e.what());
    }
  }

  void defaultConfigPathFollowsXdg() {
    {
      const ScopedEnv xdg("XDG_CONFIG_HOME", "/tmp/xdg-config");
      QCOMPARE(qs(defaultConfigPath().string()), QString("/tmp/xdg-config/otedama/otedama.json"));
    }
    {
      const ScopedEnv xdg("XDG_CONFIG_HOME", nullptr);
      const ScopedEnv home("HOME", "/home/someone");
      QCOMPARE(qs(defaultConfigPath().string()), QString("/home/someone/.config/otedama/otedama.json"));
    }
    {
      const ScopedEnv xdg("XDG_CONFIG_HOME", "relative/ignored");
      const ScopedEnv home("HOME", "/home/someone");
      QCOMPARE(qs(defaultConfigPath().string()), QString("/home/someone/.config/otedama/otedama.json"));
    }
  }

  void nodeCheckWithoutClient() {
    Config config;
    config.blockchain = "monero";
    const BlockchainNodeCheck check = checkBlockchainNode(config, std::chrono::seconds(5));
    QVERIFY(!check.ok && !check.statusOk);
    QVERIFY2(qs(check.problem).contains("not implemented yet"), check.problem.c_str());
    config.blockchain = "kaspa";
    QVERIFY(qs(checkBlockchainNode(config, std::chrono::seconds(5)).problem).contains("not supported yet"));
  }

  void nodeCheckAgainstLitecoind() {
    harness_ = std::make_unique<test::LitecoindRegtest>(2);
    const QString error = harness_->start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // A fresh regtest chain is in initial download (its tip, the genesis block, is old): the node
    // answers but gives no template yet.
    const BlockchainNodeCheck fresh = checkBlockchainNode(regtestConfig(harness_->node(0).rpcPort), std::chrono::seconds(15));
    QVERIFY(!fresh.ok && fresh.statusOk && !fresh.templateOk && !fresh.synced);
    QCOMPARE(fresh.problemKind, std::optional(chain::NodeProblem::Kind::Syncing));
    QVERIFY2(qs(fresh.problem).contains("syncing"), fresh.problem.c_str());

    try {
      harness_->mine(0, 1);  // a new tip ends the initial download
      harness_->waitForHeight(1, 1);
    } catch (const std::exception& e) {
      QFAIL(e.what());
    }

    // Node 0: username and password.
    const Config config = regtestConfig(harness_->node(0).rpcPort);
    BlockchainNodeCheck check = checkBlockchainNode(config, std::chrono::seconds(15));
    QVERIFY2(check.ok, check.problem.c_str());
    QVERIFY(check.problem.empty() && !check.problemKind);
    QVERIFY(check.statusOk && check.templateOk && check.synced);
    QCOMPARE(qs(check.chainName), QString("regtest"));
    QVERIFY2(qs(check.version).contains("LitecoinCore"), check.version.c_str());
    QCOMPARE(check.blocks, 1u);
    QVERIFY(check.peers >= 1);
    QCOMPARE(check.templateHeight, 2u);
    QCOMPARE(check.templatePreviousBlock.size(), std::size_t{64});
    QVERIFY(check.templateReward > 0);

    // Node 1: its cookie file.
    Config cookie = regtestConfig(harness_->node(1).rpcPort);
    cookie.blockchainUsername.clear();
    cookie.blockchainPassword.clear();
    cookie.blockchainCookieFile = (harness_->node(1).dataDir + "/regtest/.cookie").toStdString();
    check = checkBlockchainNode(cookie, std::chrono::seconds(15));
    QVERIFY2(check.ok, check.problem.c_str());

    // A closed port.
    const Config closed = regtestConfig(test::freeLoopbackPort());
    check = checkBlockchainNode(closed, std::chrono::seconds(15));
    QVERIFY(!check.ok && !check.statusOk);
    QCOMPARE(check.problemKind, std::optional(chain::NodeProblem::Kind::Unreachable));
    QVERIFY2(qs(check.problem).contains("Cannot connect to the Litecoin node") &&
                 qs(check.problem).contains("connection refused"),
             check.problem.c_str());

    // A wrong password.
    Config wrong = config;
    wrong.blockchainPassword = "not-the-password";
    check = checkBlockchainNode(wrong, std::chrono::seconds(15));
    QVERIFY(!check.ok && !check.statusOk);
    QCOMPARE(check.problemKind, std::optional(chain::NodeProblem::Kind::Unauthorized));
    QVERIFY2(qs(check.problem).contains("credentials"), check.problem.c_str());

    // The pool set up for testnet, the node on regtest.
    Config testnet = config;
    testnet.sandbox = false;
    testnet.network = Network::Testnet;
    check = checkBlockchainNode(testnet, std::chrono::seconds(15));
    QVERIFY(!check.ok && !check.statusOk);
    QCOMPARE(check.problemKind, std::optional(chain::NodeProblem::Kind::WrongChain));
    QCOMPARE(qs(check.chainName), QString("regtest"));
    QVERIFY2(qs(check.problem).contains("'regtest'") && qs(check.problem).contains("'test'"), check.problem.c_str());
  }

  void nodeCheckGivesUpOnASilentNode() {
    // Something accepts the connection (the kernel does, for a listening socket) but never answers.
    asio::io_context io;
    asio::ip::tcp::acceptor silent(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const auto started = std::chrono::steady_clock::now();
    const BlockchainNodeCheck check = checkBlockchainNode(regtestConfig(silent.local_endpoint().port()), std::chrono::seconds(1));
    const auto took = std::chrono::steady_clock::now() - started;
    QVERIFY(!check.ok);
    QCOMPARE(check.problemKind, std::optional(chain::NodeProblem::Kind::Unreachable));
    QVERIFY2(qs(check.problem).contains("did not"), check.problem.c_str());
    QVERIFY2(took < std::chrono::seconds(5), "the check overran its timeout");
  }

 private:
  std::unique_ptr<test::LitecoindRegtest> harness_;
};

QTEST_GUILESS_MAIN(TestSetupChecks)
#include "test_setup_checks.moc"
