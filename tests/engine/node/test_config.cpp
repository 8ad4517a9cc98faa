// Tests of the configuration reader: defaults, comments, the shipped example and built-in
// default, unknown keys as warnings, and one refusal per class of bad value, each naming the key,
// the value and the reason.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

#include "node/config.hpp"

using namespace otedama;
using namespace otedama::node;

class TestConfig : public QObject {
  Q_OBJECT

 private slots:
  void defaultsFillEverything() {
    const LoadedConfig loaded = parseConfig(R"({"poolAddress": "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"})");
    const Config& c = loaded.config;
    QVERIFY(loaded.warnings.empty());
    QCOMPARE(c.blockchain, std::string("litecoin"));
    QCOMPARE(c.network, chain::Network::Mainnet);
    QCOMPARE(c.blockchainPort, std::uint16_t{9332});  // Litecoin mainnet RPC
    QCOMPARE(c.shareWindow, 2160u);
    QCOMPARE(c.targetShareTime, 10u);
    QCOMPARE(c.stratumPort, std::uint16_t{3333});
    QCOMPARE(c.algorithm.variant, std::string("scrypt"));
    QCOMPARE(c.logging.level, spdlog::level::info);
    QVERIFY(!c.dataDir.empty());
  }

  void networkSetsTheDefaultRpcPort() {
    QCOMPARE(parseConfig(R"({"poolAddress":"bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9","blockchain":"bitcoin","network":"regtest"})").config.blockchainPort,
             std::uint16_t{18443});
    QCOMPARE(parseConfig(R"({"poolAddress":"ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9","blockchain":"monero"})").config.algorithm.variant,
             std::string("randomx"));
    QCOMPARE(parseConfig(R"({"poolAddress":"ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9","blockchainPort":1234})").config.blockchainPort, std::uint16_t{1234});
  }

  void commentsAndFullExampleAreAccepted() {
    // The shipped example asks for the user's own address: as shipped it must be refused for that.
    const std::string path = OTEDAMA_SOURCE_DIR "/resources/config/p2p-pool.json";
    try {
      loadConfigFile(path);
      QFAIL("the example's placeholder address was accepted");
    } catch (const ConfigError& e) {
      QCOMPARE(QString::fromStdString(e.key()), QString("poolAddress"));
    }
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("YOUR_LITECOIN_ADDRESS"), 21, "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9");
    const LoadedConfig loaded = parseConfig(text);
    QVERIFY(loaded.warnings.empty());
    QCOMPARE(loaded.config.bootstrapNodes.size(), std::size_t{2});
    QCOMPARE(loaded.config.bootstrapNodes[1], (HostPort{"203.0.113.7", 9338}));
    QCOMPARE(loaded.config.poolFee, 1.0);
    QCOMPARE(loaded.config.maxPeers, 50u);
  }

  void builtInDefaultIsTheSandbox() {
    const LoadedConfig loaded = parseConfig(defaultConfigText());
    QVERIFY(loaded.warnings.empty());
    QVERIFY(loaded.config.sandbox);
    QCOMPARE(loaded.config.network, chain::Network::Regtest);
    QVERIFY(QString::fromStdString(describeConfig(loaded.config)).contains("sandbox"));
  }

  void stratumSettings() {
    const Config c = parseConfig(R"({"sandbox": true, "stratum": {"startDifficulty": 0.5, "tlsPort": 3334,
        "tlsSelfSigned": true, "banLoopback": true, "shareSeconds": 15}, "dataDir": "/var/lib/otedama"})").config;
    QCOMPARE(c.stratum.startDifficulty, 0.5);
    QCOMPARE(c.stratum.tlsPort, std::uint16_t{3334});
    QVERIFY(c.stratum.tlsSelfSigned);
    QVERIFY(c.stratum.banLoopback);
    QCOMPARE(c.stratum.shareSeconds, 15u);
    QCOMPARE(c.stratum.tlsCertificate, std::filesystem::path("/var/lib/otedama/stratum.crt"));
  }

  void unknownKeysAreWarningsNotErrors() {
    const LoadedConfig loaded =
        parseConfig(R"({"poolAddress":"ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9","colour":"blue","logging":{"level":"debug","colour":1}})");
    QCOMPARE(loaded.warnings.size(), std::size_t{2});
    QCOMPARE(loaded.warnings[0], std::string("unknown config key 'logging.colour' ignored"));
    QCOMPARE(loaded.warnings[1], std::string("unknown config key 'colour' ignored"));
    QCOMPARE(loaded.config.logging.level, spdlog::level::debug);
  }

  void badValuesAreRefused_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("reason");  // a part of the reason

    QTest::newRow("malformed JSON") << "{\n  \"poolName\": \"x\",\n  oops\n}" << "" << "not valid JSON at line 3";
    QTest::newRow("not an object") << "[1, 2]" << "" << "must be a JSON object";
    QTest::newRow("number as string") << R"({"stratumPort": "3333"})" << "stratumPort" << "must be an integer from 1 to 65535";
    QTest::newRow("fractional integer") << R"({"maxPeers": 10.5})" << "maxPeers" << "must be an integer";
    QTest::newRow("port too high") << R"({"p2pPort": 70000})" << "p2pPort" << "from 1 to 65535";
    QTest::newRow("port zero") << R"({"apiPort": 0})" << "apiPort" << "from 1 to 65535";
    QTest::newRow("negative") << R"({"shareWindow": -5})" << "shareWindow" << "from 10 to 100000";
    QTest::newRow("huge unsigned") << R"({"maxPeers": 18446744073709551615})" << "maxPeers" << "from 1 to 1000";
    QTest::newRow("zero share time") << R"({"targetShareTime": 0})" << "targetShareTime" << "from 1 to 600";
    QTest::newRow("boolean expected") << R"({"sandbox": "yes"})" << "sandbox" << "must be true or false";
    QTest::newRow("bad network") << R"({"network": "mainet"})" << "network" << "mainnet, testnet or regtest";
    QTest::newRow("unknown chain") << R"({"blockchain": "dogecoin", "poolAddress": "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"})" << "blockchain"
                                   << "known: bitcoin, litecoin, monero";
    QTest::newRow("unsupported chain") << R"({"blockchain": "kaspa", "poolAddress": "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"})" << "blockchain"
                                       << "Kaspa is not supported yet";
    QTest::newRow("algorithm of another chain") << R"({"poolAddress":"ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9","algorithm":{"variant":"sha256d"}})"
                                                << "algorithm.variant" << "Litecoin uses scrypt";
    QTest::newRow("bad log level") << R"({"logging": {"level": "loud"}})" << "logging.level" << "must be one of trace";
    QTest::newRow("object expected") << R"({"logging": "info"})" << "logging" << "must be an object";
    QTest::newRow("too many threads") << R"({"algorithm": {"threads": 1000}})" << "algorithm.threads" << "from 0 to 256";
    QTest::newRow("bad randomx mode") << R"({"algorithm": {"randomxMode": "turbo"}})" << "algorithm.randomxMode"
                                      << "auto, light or fast";
    QTest::newRow("bootstrap not a list") << R"({"bootstrapNodes": "a:1"})" << "bootstrapNodes" << "must be a list";
    QTest::newRow("bootstrap without port") << R"({"bootstrapNodes": ["seed.example.org"]})" << "bootstrapNodes[0]"
                                            << "no port given";
    QTest::newRow("bootstrap bad port") << R"({"bootstrapNodes": ["a:1", "b:99999"]})" << "bootstrapNodes[1]"
                                        << "from 1 to 65535";
    QTest::newRow("bootstrap bare IPv6") << R"({"bootstrapNodes": ["::1:9338"]})" << "bootstrapNodes[0]"
                                         << "[addr]:port";
    QTest::newRow("bootstrap not a string") << R"({"bootstrapNodes": [9338]})" << "bootstrapNodes[0]"
                                            << "must be a \"host:port\" string";
    QTest::newRow("same port twice") << R"({"poolAddress":"ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9","p2pPort":3333})" << "stratumPort"
                                     << "must differ from p2pPort";
    QTest::newRow("fee of 100 %") << R"({"poolFee": 100})" << "poolFee" << "from 0 to 5";
    QTest::newRow("fee above 5 %") << R"({"poolFee": 5.01})" << "poolFee" << "largest node fee";
    QTest::newRow("negative fee") << R"({"poolFee": -1})" << "poolFee" << "from 0";
    QTest::newRow("fee as text") << R"({"poolFee": "1%"})" << "poolFee" << "must be a number";
    QTest::newRow("no payout address") << R"({"poolName": "x"})" << "poolAddress" << "is required";
    QTest::newRow("address with a space") << R"({"poolAddress": "ltc1 q"})" << "poolAddress" << "a space at position 4";
    QTest::newRow("address with a bad checksum") << R"({"poolAddress": "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n8"})"
                                                 << "poolAddress" << "checksum";
    QTest::newRow("address of another network") << R"({"poolAddress": "tltc1q8y9naxlsw7xay4jesqshnpeuc0ap8fg9ejm2j2memwq4ng87dk3s88nr5j"})"
                                                << "poolAddress" << "testnet";
    QTest::newRow("address of another coin") << R"({"poolAddress": "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"})"
                                             << "poolAddress" << "Bitcoin";
    QTest::newRow("future witness version") << R"({"poolAddress": "ltc1zqqqsyqcyq5rqwzqfpg9scrgwpuuslqj7"})"
                                            << "poolAddress" << "witness version 2";
    QTest::newRow("MWEB address") << R"({"poolAddress": "ltcmweb1qq0hvfuglyzwfjqauhp6fgl8hdq5sqql3nrt3v8vn6gnvqh5ntrtr5qmr9gzq4nrmuvlmdm38fz7znfrl7wztyzqfx8hlhcd39ysqcmhxrvuqdyrr"})"
                                  << "poolAddress" << "MWEB";
    QTest::newRow("sandbox on mainnet") << R"({"sandbox": true, "network": "mainnet"})" << "network"
                                        << "only on regtest";
    QTest::newRow("empty pool name") << R"({"poolName": ""})" << "poolName" << "must not be empty";
    QTest::newRow("control character") << R"({"poolName": "a\u0007b"})" << "poolName" << "control characters";
    QTest::newRow("stratum limits upside down") << R"({"stratum": {"minDifficulty": 10, "maxDifficulty": 1}})"
                                               << "stratum.minDifficulty" << "must not be above";
    QTest::newRow("stratum difficulty zero") << R"({"stratum": {"startDifficulty": 0}})" << "stratum.startDifficulty"
                                             << "a positive difficulty";
    QTest::newRow("stratum TLS on the stratum port") << R"({"sandbox": true, "stratum": {"tlsPort": 3333}})"
                                                     << "stratum.tlsPort" << "must differ";
    QTest::newRow("host with a space") << R"({"poolAddress":"ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9","blockchainHost":"my node"})" << "blockchainHost"
                                       << "character ' '";
  }

  void badValuesAreRefused() {
    QFETCH(QString, json);
    QFETCH(QString, key);
    QFETCH(QString, reason);
    try {
      parseConfig(json.toStdString());
      QFAIL("the bad value was accepted");
    } catch (const ConfigError& e) {
      QCOMPARE(QString::fromStdString(e.key()), key);
      QVERIFY2(QString::fromStdString(e.reason()).contains(reason), e.what());
      if (!key.isEmpty()) {
        // The message names the key and shows the refused value.
        QVERIFY2(QString(e.what()).contains("'" + key + "'"), e.what());
        QVERIFY2(!e.value().empty(), e.what());
      }
    }
  }

  void messageShowsKeyValueAndReason() {
    try {
      parseConfig(R"({"stratumPort": 70000})");
      QFAIL("accepted");
    } catch (const ConfigError& e) {
      QCOMPARE(QString(e.what()), QString("config key 'stratumPort' = 70000: must be an integer from 1 to 65535"));
    }
  }

  void fileErrorsNameTheFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string missing = dir.filePath("missing.json").toStdString();
    try {
      loadConfigFile(missing);
      QFAIL("missing file accepted");
    } catch (const ConfigError& e) {
      QVERIFY2(QString(e.what()).contains("missing.json"), e.what());
    }

    const std::string broken = dir.filePath("broken.json").toStdString();
    std::ofstream(broken) << "{ \"poolName\": ";
    try {
      loadConfigFile(broken);
      QFAIL("broken file accepted");
    } catch (const ConfigError& e) {
      QVERIFY2(QString(e.what()).contains("broken.json") && QString(e.what()).contains("line 1"), e.what());
    }

    const std::string huge = dir.filePath("huge.json").toStdString();
    std::ofstream(huge) << std::string(2 << 20, ' ');
    QVERIFY_THROWS_EXCEPTION(ConfigError, loadConfigFile(huge));
  }

  void hostPorts() {
    QCOMPARE(parseHostPort("seed.example.org:9338"), (HostPort{"seed.example.org", 9338}));
    QCOMPARE(parseHostPort("[2001:db8::1]:9338"), (HostPort{"2001:db8::1", 9338}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseHostPort(":9338"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseHostPort("a:"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseHostPort("a:-1"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseHostPort("[::1]9338"));
  }
};

QTEST_APPLESS_MAIN(TestConfig)
#include "test_config.moc"
