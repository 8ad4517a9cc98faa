// Every sha256d, scrypt and randomx vector of the shared pow.json (read at test time) through the
// pow registry: the raw and display hashes, and the target checks the vectors state.
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "pow/registry.hpp"
#include "test_vectors.hpp"
#include "util/compact_target.hpp"
#include "util/difficulty.hpp"
#include "util/hex.hpp"

using namespace otedama;

namespace {

Bytes hexField(const QJsonObject& object, const char* key) {
  return fromHex(object.value(key).toString().toStdString());
}

QString hexOf(ByteSpan bytes) { return QString::fromStdString(toHex(bytes)); }

std::uint32_t headerBits(const Bytes& header) {
  return std::uint32_t(header[72]) | std::uint32_t(header[73]) << 8 | std::uint32_t(header[74]) << 16 |
         std::uint32_t(header[75]) << 24;
}

void addRows(const QString& algorithm) {
  QTest::addColumn<QJsonObject>("vector");
  for (const QJsonValue& v : test::powVectors(algorithm)) {
    const QJsonObject vector = v.toObject();
    QTest::newRow(qPrintable(vector.value("name").toString())) << vector;
  }
}

}  // namespace

class TestPowVectors : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    const auto& registry = pow::AlgorithmRegistry::builtin();
    sha256d_ = registry.create("sha256d");
    scrypt_ = registry.create("scrypt");
    randomx_ = registry.create("randomx", {.threads = 2, .randomxMode = pow::RandomXMode::Light, .randomxKeysKept = 2});
  }

  void sha256d_data() { addRows("sha256d"); }
  void sha256d() {
    QFETCH(QJsonObject, vector);
    const QJsonObject input = vector.value("input").toObject();
    const QJsonObject expected = vector.value("expected").toObject();
    const Bytes header = hexField(input, "header");
    QCOMPARE(header.size(), std::size_t{80});

    const Hash32 hash = sha256d_->hash(header);
    QCOMPARE(hexOf(hash), expected.value("hash_raw").toString());
    QCOMPARE(hexOf(reversed(hash)), expected.value("hash_display").toString());

    const std::uint32_t bits = std::stoul(input.value("nbits").toString().toStdString(), nullptr, 16);
    QCOMPARE(bits, headerBits(header));
    const auto target = targetFromCompact(bits);
    QVERIFY(target.has_value());
    QCOMPARE(sha256d_->check(header, *target).meetsTarget, expected.value("meets_nbits_target").toBool());
  }

  void scrypt_data() { addRows("scrypt"); }
  void scrypt() {
    QFETCH(QJsonObject, vector);
    const QJsonObject input = vector.value("input").toObject();
    const QJsonObject expected = vector.value("expected").toObject();
    // Our scrypt is Litecoin's: the vectors must use its parameters.
    QCOMPARE(input.value("N").toInt(), 1024);
    QCOMPARE(input.value("r").toInt(), 1);
    QCOMPARE(input.value("p").toInt(), 1);
    QCOMPARE(input.value("dklen").toInt(), 32);
    const Bytes header = hexField(input, "header");

    const Hash32 hash = scrypt_->hash(header);
    QCOMPARE(hexOf(hash), expected.value("pow_hash_raw").toString());
    QCOMPARE(hexOf(reversed(hash)), expected.value("pow_hash_display").toString());

    if (expected.contains("meets_nbits_target")) {
      QCOMPARE(header.size(), std::size_t{80});
      const auto target = targetFromCompact(headerBits(header));
      QVERIFY(target.has_value());
      QCOMPARE(scrypt_->check(header, *target).meetsTarget, expected.value("meets_nbits_target").toBool());
    }
    if (expected.contains("block_hash_sha256d_display")) {
      QCOMPARE(hexOf(reversed(sha256d_->hash(header))), expected.value("block_hash_sha256d_display").toString());
    }
  }

  void randomx_data() { addRows("randomx"); }
  void randomx() {
    QFETCH(QJsonObject, vector);
    const QJsonObject input = vector.value("input").toObject();
    const QJsonObject expected = vector.value("expected").toObject();
    const Bytes key = hexField(input, "key");
    const Bytes blob = hexField(input, "input");

    const Hash32 hash = randomx_->hash(blob, key);
    QCOMPARE(hexOf(hash), expected.value("hash").toString());

    for (const QString& field : expected.keys()) {
      // "difficulty_<N>_met": whether the hash meets Monero difficulty N (hash * N < 2^256).
      if (!field.startsWith("difficulty_") || !field.endsWith("_met")) continue;
      const QString number = field.mid(11, field.size() - 15);
      const UInt256 difficulty(number.toULongLong());
      QVERIFY(!difficulty.isZero());
      const UInt256 value = randomx_->hashValue(hash);
      QCOMPARE(moneroHashMeetsDifficulty(value, difficulty), expected.value(field).toBool());
      QCOMPARE(randomx_->check(blob, moneroTargetFromDifficulty(difficulty), key).meetsTarget,
               expected.value(field).toBool());
    }
  }

  void registryKnowsTheThreeAlgorithms() {
    const auto& registry = pow::AlgorithmRegistry::builtin();
    QCOMPARE(registry.names(), (std::vector<std::string>{"randomx", "scrypt", "sha256d"}));
    QCOMPARE(QString::fromUtf8(registry.create("scrypt")->name()), QString("scrypt"));
    QVERIFY(registry.create("randomx")->needsKey());
    QVERIFY(!registry.create("sha256d")->needsKey());
    try {
      registry.create("ethash");
      QFAIL("unknown algorithm accepted");
    } catch (const std::invalid_argument& e) {
      QVERIFY(QString(e.what()).contains("known: randomx, scrypt, sha256d"));
    }
  }

  void targetCheckIsInclusive() {
    // A hash equal to the target meets it; one unit lower target does not.
    const Bytes header(80, 0x42);
    const Hash32 hash = sha256d_->hash(header);
    const UInt256 value = sha256d_->hashValue(hash);
    QVERIFY(sha256d_->check(header, value).meetsTarget);
    QVERIFY(!sha256d_->check(header, value - UInt256(1)).meetsTarget);
  }

 private:
  std::unique_ptr<pow::Algorithm> sha256d_, scrypt_, randomx_;
};

QTEST_APPLESS_MAIN(TestPowVectors)
#include "test_pow_vectors.moc"
