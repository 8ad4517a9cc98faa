// Unit tests of block building without a node: script pushes (BIP34 heights), sigop counting, the
// coinbase split for stratum and its witness form, the witness commitment, template parsing and
// the selection of transactions under weight and sigop limits. The litecoind integration test
// proves the same pieces against a real node.
#include <QTest>

#include "chain/block_builder.hpp"
#include "chain/block_template.hpp"
#include "chain/coinbase.hpp"
#include "chain/script.hpp"
#include "chain/transaction_selection.hpp"
#include "crypto/merkle.hpp"
#include "crypto/sha256.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::chain;

namespace {

QString hexOf(ByteSpan bytes) { return QString::fromStdString(toHex(bytes)); }

Bytes p2pkh(std::uint8_t fill) {
  Bytes script{0x76, 0xa9, 0x14};
  script.insert(script.end(), 20, fill);
  script.push_back(0x88);
  script.push_back(0xac);
  return script;
}

// A regtest template as litecoind 0.21.2 answered it (one transaction, trimmed to what we read).
const char* kTemplate =
    "{\n"
    "  \"capabilities\": [\"proposal\"], \"version\": 536870912, \"rules\": [\"csv\", \"!segwit\", \"taproot\"],\n"
    "  \"vbavailable\": {}, \"vbrequired\": 0,\n"
    "  \"previousblockhash\": \"af159a820eaa65281bdb9933a04b56d0e2537af402c12371f355a43aade8bc0d\",\n"
    "  \"transactions\": [{\"data\": \"0200000001aa\", \"txid\": \"9a25e8030d50ef97364460728c0a9937f570b4a0cd4544e02320d73003c2a61e\",\n"
    "                    \"hash\": \"4ca848cc77463fa877222b2b18285afed133ea95924d4331af9269f60689457f\",\n"
    "                    \"depends\": [], \"fee\": 5530, \"sigops\": 1, \"weight\": 485}],\n"
    "  \"coinbaseaux\": {}, \"coinbasevalue\": 5000005530,\n"
    "  \"longpollid\": \"af159a820eaa65281bdb9933a04b56d0e2537af402c12371f355a43aade8bc0d104\",\n"
    "  \"target\": \"7fffff0000000000000000000000000000000000000000000000000000000000\",\n"
    "  \"mintime\": 1795495199, \"mutable\": [\"time\", \"transactions\", \"prevblock\"], \"noncerange\": \"00000000ffffffff\",\n"
    "  \"sigoplimit\": 80000, \"sizelimit\": 4000000, \"weightlimit\": 4000000, \"curtime\": 1795495199, \"bits\": \"207fffff\",\n"
    "  \"height\": 102,\n"
    "  \"default_witness_commitment\": \"6a24aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf9\"\n"
    "}\n";

BlockTemplate syntheticTemplate(std::vector<std::pair<std::int64_t, std::int64_t>> feeAndWeight,
                                std::vector<std::vector<std::size_t>> depends, std::int64_t weightLimit) {
  BlockTemplate t;
  t.coinbaseValue = 1000000;
  t.weightLimit = weightLimit;
  for (std::size_t i = 0; i < feeAndWeight.size(); ++i) {
    TemplateTransaction tx;
    tx.fee = feeAndWeight[i].first;
    tx.weight = feeAndWeight[i].second;
    tx.depends = depends[i];
    tx.txid[0] = static_cast<std::uint8_t>(i + 1);
    t.coinbaseValue += tx.fee;
    t.transactions.push_back(tx);
  }
  return t;
}

}  // namespace

class TestBlockBuilding : public QObject {
  Q_OBJECT

 private slots:
  void pushNumberMatchesBitcoinCore_data() {
    QTest::addColumn<qint64>("number");
    QTest::addColumn<QString>("script");
    QTest::newRow("0") << 0LL << "00";
    QTest::newRow("1 is OP_1") << 1LL << "51";
    QTest::newRow("16 is OP_16") << 16LL << "60";
    QTest::newRow("-1 is OP_1NEGATE") << -1LL << "4f";
    QTest::newRow("17") << 17LL << "0111";
    QTest::newRow("127") << 127LL << "017f";
    QTest::newRow("128 needs a sign byte") << 128LL << "028000";
    QTest::newRow("255") << 255LL << "02ff00";
    QTest::newRow("256") << 256LL << "020001";
    QTest::newRow("height 500000") << 500000LL << "0320a107";
    QTest::newRow("-128") << -128LL << "028080";
  }

  void pushNumberMatchesBitcoinCore() {
    QFETCH(qint64, number);
    QFETCH(QString, script);
    QCOMPARE(hexOf(pushNumber(number)), script);
  }

  void pushDataUsesTheShortestForm() {
    QCOMPARE(hexOf(pushData(Bytes{})), QString("00"));
    QCOMPARE(hexOf(pushData(Bytes(75, 0))).left(2), QString("4b"));
    QCOMPARE(hexOf(pushData(Bytes(76, 0))).left(4), QString("4c4c"));
    QCOMPARE(hexOf(pushData(Bytes(256, 0))).left(6), QString("4d0001"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, opReturnScript(Bytes(81, 0)));
  }

  void sigopsAreCountedLikeConsensus() {
    QCOMPARE(legacySigOps(p2pkh(1)), 1u);
    QCOMPARE(legacySigOps(fromHex("a914" + std::string(40, '1') + "87")), 0u);  // P2SH output
    QCOMPARE(legacySigOps(fromHex("0014" + std::string(40, '1'))), 0u);         // P2WPKH
    QCOMPARE(legacySigOps(fromHex("5121" + std::string(66, '2') + "51ae")), 20u);  // bare 1-of-1 multisig
    QCOMPARE(legacySigOps(fromHex("ac4c")), 1u);      // truncated PUSHDATA1: counts what came before
    QCOMPARE(legacySigOps(fromHex("4cffacac")), 0u);  // the push swallows the rest
  }

  void coinbaseSplitsForStratum() {
    CoinbaseSpec spec;
    spec.height = 500000;
    spec.marker = Bytes{'/', 'o', 't', 'e', 'd', 'a', 'm', 'a', '/'};
    spec.extranonce1Size = 4;
    spec.extranonce2Size = 8;
    spec.payouts = {{1250000000, p2pkh(1)}, {250000000, fromHex("0014" + std::string(40, 'a'))}};
    spec.shareCommitment = Bytes(32, 0x77);
    const Coinbase coinbase = Coinbase::build(spec);

    const Bytes en1(4, 0x11), en2(8, 0x22);
    const Bytes tx = coinbase.serialize(en1, en2);
    Bytes joined = coinbase.coinb1();
    joined.insert(joined.end(), en1.begin(), en1.end());
    joined.insert(joined.end(), en2.begin(), en2.end());
    joined.insert(joined.end(), coinbase.coinb2().begin(), coinbase.coinb2().end());
    QCOMPARE(tx, joined);
    QCOMPARE(coinbase.txid(en1, en2), crypto::sha256d(tx));
    // version 1, one input, null prevout, scriptSig = height push, extranonce push, marker push
    QVERIFY(hexOf(coinbase.coinb1()).startsWith("01000000" "01" + QString(64, '0') + "ffffffff"));
    QVERIFY(hexOf(coinbase.coinb1()).endsWith("0320a107" "0c"));
    QCOMPARE(coinbase.totalValue(), 1500000000LL);
    QCOMPARE(coinbase.outputs().size(), std::size_t{3});
    QCOMPARE(hexOf(coinbase.outputs()[2].script), "6a20" + QString(64, '7'));
    QVERIFY(!coinbase.hasWitness());
    QCOMPARE(coinbase.serializeForBlock(en1, en2), tx);
    QCOMPARE(coinbase.weight(), std::int64_t(tx.size() * 4));
    QCOMPARE(coinbase.sigopCost(), 4);
    QVERIFY_THROWS_EXCEPTION(CoinbaseError, coinbase.serialize(Bytes(3, 0), en2));
  }

  void coinbaseWithWitnessCommitment() {
    CoinbaseSpec spec;
    spec.height = 102;
    spec.payouts = {{5000000000, p2pkh(2)}};
    spec.witnessCommitment = computeWitnessCommitment({});
    const Coinbase coinbase = Coinbase::build(spec);
    // litecoind's default_witness_commitment for a template without transactions:
    QCOMPARE(hexOf(coinbase.outputs().back().script),
             QString("6a24aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf9"));
    const Bytes en1(4, 0), en2(4, 0);
    const Bytes plain = coinbase.serialize(en1, en2);
    const Bytes full = coinbase.serializeForBlock(en1, en2);
    QCOMPARE(full.size(), plain.size() + 2 + 34);
    QCOMPARE(hexOf(full).mid(8, 4), QString("0001"));                                // marker, flag
    QCOMPARE(hexOf(full).right(8 + 68), "0120" + QString(64, '0') + "00000000");     // witness, locktime
    QCOMPARE(coinbase.weight(), std::int64_t(plain.size() * 3 + full.size()));
  }

  void coinbaseLimits() {
    CoinbaseSpec spec;
    spec.height = 1000;
    spec.payouts = {{1, p2pkh(3)}};
    spec.marker = Bytes(95, 'x');  // scriptSig over 100 bytes
    QVERIFY_THROWS_EXCEPTION(CoinbaseError, Coinbase::build(spec));
    spec.marker.clear();
    spec.payouts = {{-1, p2pkh(3)}};
    QVERIFY_THROWS_EXCEPTION(CoinbaseError, Coinbase::build(spec));
    spec.payouts = {{INT64_MAX, p2pkh(3)}, {1, p2pkh(4)}};
    QVERIFY_THROWS_EXCEPTION(CoinbaseError, Coinbase::build(spec));
    spec.payouts.clear();
    QVERIFY_THROWS_EXCEPTION(CoinbaseError, Coinbase::build(spec));
    spec.payouts = {{1, p2pkh(3)}};
    spec.extranonce1Size = 0;
    spec.extranonce2Size = 0;
    QVERIFY_THROWS_EXCEPTION(CoinbaseError, Coinbase::build(spec));
  }

  void stratumBranchRebuildsTheRoot() {
    for (std::size_t count : {0u, 1u, 2u, 4u, 7u}) {
      std::vector<Hash32> txids;
      for (std::size_t i = 0; i < count; ++i) txids.push_back(crypto::sha256(asBytes(std::to_string(i))));
      const Hash32 coinbaseTxid = crypto::sha256(asBytes("coinbase"));
      std::vector<Hash32> all{coinbaseTxid};
      all.insert(all.end(), txids.begin(), txids.end());
      QCOMPARE(merkleRootFromCoinbase(coinbaseTxid, coinbaseMerkleBranch(txids)), crypto::merkleRoot(all));
    }
  }

  void templateIsParsed() {
    const BlockTemplate t = parseBlockTemplate(nlohmann::json::parse(kTemplate));
    QCOMPARE(t.version, 536870912);
    QCOMPARE(t.height, 102u);
    QCOMPARE(t.bits, 0x207fffffu);
    QCOMPARE(t.coinbaseValue, 5000005530LL);
    QCOMPARE(QString::fromStdString(t.previousBlockHashHex()),
             QString("af159a820eaa65281bdb9933a04b56d0e2537af402c12371f355a43aade8bc0d"));
    QCOMPARE(t.target, UInt256::fromHex("7fffff" + std::string(58, '0')));
    QVERIFY(t.hasRule("segwit"));  // "!segwit" counts
    QVERIFY(!t.hasRule("mweb"));
    QCOMPARE(t.transactions.size(), std::size_t{1});
    QCOMPARE(t.transactions[0].fee, 5530LL);
    QCOMPARE(t.transactions[0].weight, 485LL);
    QCOMPARE(hexOf(reversed(t.transactions[0].txid)),
             QString("9a25e8030d50ef97364460728c0a9937f570b4a0cd4544e02320d73003c2a61e"));
    QVERIFY(t.defaultWitnessCommitment.has_value());
    QVERIFY(!t.mweb.has_value());
    QCOMPARE(QString::fromStdString(t.longPollId).right(3), QString("104"));
  }

  void badTemplatesAreRefused_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("replacement");
    QTest::newRow("bits not hex") << R"("bits": "207fffff")" << R"("bits": "zz")";
    QTest::newRow("height missing") << R"("height": 102,)" << "";
    QTest::newRow("short previous hash") << "\"previousblockhash\": \"af15" << "\"previousblockhash\": \"";
    QTest::newRow("negative value") << R"("coinbasevalue": 5000005530)" << R"("coinbasevalue": -1)";
    QTest::newRow("depends on a later transaction") << R"("depends": [])" << R"("depends": [2])";
  }

  void badTemplatesAreRefused() {
    QFETCH(QString, field);
    QFETCH(QString, replacement);
    QString text(kTemplate);
    QVERIFY(text.contains(field));
    text.replace(field, replacement);
    QVERIFY_THROWS_EXCEPTION(TemplateError, parseBlockTemplate(nlohmann::json::parse(text.toStdString())));
  }

  void templateRequestsTheChainsRules() {
    QCOMPARE(QString::fromStdString(templateRequest("litecoin").dump()), QString(R"([{"rules":["segwit","mweb"]}])"));
    QCOMPARE(QString::fromStdString(templateRequest("bitcoin", "abc").dump()),
             QString(R"([{"longpollid":"abc","rules":["segwit"]}])"));
  }

  void everythingFitsWhenThereIsRoom() {
    const BlockTemplate t = syntheticTemplate({{100, 400}, {200, 400}}, {{}, {}}, 4000000);
    const TransactionSelection s = selectTransactions(t, 1000, 4);
    QCOMPARE(s.included, (std::vector<std::size_t>{0, 1}));
    QVERIFY(s.dropped.empty());
    QCOMPARE(s.coinbaseValue, t.coinbaseValue);
    QCOMPARE(s.blockWeight, std::int64_t(1000 + 800 + 4 * (80 + 1)));
  }

  void lowestFeeRatePackageIsDropped() {
    // tx0: 1 sat/wu, tx1: 5 sat/wu spending tx0 (package {0,1}: 3 sat/wu), tx2: 2 sat/wu, tx3: 10 sat/wu.
    const BlockTemplate t = syntheticTemplate({{1000, 1000}, {5000, 1000}, {2000, 1000}, {10000, 1000}},
                                              {{}, {0}, {}, {}}, 1000 + 3000 + 4 * 81);
    // Room for the coinbase (1000) and three transactions: tx2 is the cheapest package.
    const TransactionSelection s = selectTransactions(t, 1000, 0);
    QCOMPARE(s.included, (std::vector<std::size_t>{0, 1, 3}));
    QCOMPARE(s.dropped, (std::vector<std::size_t>{2}));
    QCOMPARE(s.coinbaseValue, t.coinbaseValue - 2000);
    QCOMPARE(s.fees, 16000LL);
    QCOMPARE(s.blockWeight, t.weightLimit);
  }

  void droppingAParentDropsItsChildren() {
    // tx0 at 1 sat/wu with a child at 2 sat/wu (package 1.5), tx2 at 9 sat/wu; room for one.
    const BlockTemplate t = syntheticTemplate({{1000, 1000}, {2000, 1000}, {9000, 1000}}, {{}, {0}, {}},
                                              1000 + 1000 + 4 * 81);
    const TransactionSelection s = selectTransactions(t, 1000, 0);
    QCOMPARE(s.included, (std::vector<std::size_t>{2}));
    QCOMPARE(s.dropped, (std::vector<std::size_t>{0, 1}));
  }

  void sigopLimitAlsoDrops() {
    BlockTemplate t = syntheticTemplate({{1000, 400}, {9000, 400}}, {{}, {}}, 4000000);
    t.transactions[0].sigops = 400;
    t.transactions[1].sigops = 400;
    t.sigopLimit = 1000;
    const TransactionSelection s = selectTransactions(t, 1000, 400);
    QCOMPARE(s.included, (std::vector<std::size_t>{1}));
    QCOMPARE(s.blockSigopCost, 800LL);
  }

  void hogExAndItsPeginsAreKept() {
    // tx0 a cheap peg-in, tx1 an ordinary transaction, tx2 the HogEx spending tx0's peg-in output.
    BlockTemplate t = syntheticTemplate({{10, 1000}, {5000, 1000}, {0, 1000}}, {{}, {}, {0}}, 1000 + 2000 + 4 * 81);
    t.mweb = Bytes{0x01};
    const TransactionSelection s = selectTransactions(t, 1000, 0);
    QCOMPARE(s.included, (std::vector<std::size_t>{0, 2}));
    QCOMPARE(s.dropped, (std::vector<std::size_t>{1}));
  }

  void hopelessCoinbaseIsRefused() {
    BlockTemplate t = syntheticTemplate({{10, 1000}}, {{}}, 2000);
    t.mweb = Bytes{0x01};  // the only transaction is protected
    QVERIFY_THROWS_EXCEPTION(SelectionError, selectTransactions(t, 5000, 0));
  }
};

QTEST_APPLESS_MAIN(TestBlockBuilding)
#include "test_block_building.moc"
