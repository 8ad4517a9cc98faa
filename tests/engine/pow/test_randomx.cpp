// RandomX beyond the vectors: fast mode (2 GiB dataset) gives the same hashes as light mode, the
// VM pool is safe from several threads, a prepared next key does not stall the current one, the
// least recently used key is evicted, and bad keys are refused.
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <atomic>
#include <thread>

#include "pow/randomx_algorithm.hpp"
#include "test_vectors.hpp"
#include "util/hex.hpp"

using namespace otedama;
using pow::RandomXAlgorithm;
using pow::RandomXMode;

namespace {

struct Vector {
  Bytes key, input;
  QString hash;
};

std::vector<Vector> randomxVectors() {
  std::vector<Vector> out;
  for (const QJsonValue& v : test::powVectors("randomx")) {
    const QJsonObject input = v.toObject().value("input").toObject();
    out.push_back({fromHex(input.value("key").toString().toStdString()),
                   fromHex(input.value("input").toString().toStdString()),
                   v.toObject().value("expected").toObject().value("hash").toString()});
  }
  return out;
}

QString hexOf(ByteSpan bytes) { return QString::fromStdString(toHex(bytes)); }

}  // namespace

class TestRandomX : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    vectors_ = randomxVectors();
    QVERIFY(vectors_.size() >= 3);
  }

  void fastModeMatchesTheVectors() {
    if (!RandomXAlgorithm::fastModeFits(1)) {
      QSKIP("not enough free memory for the 2 GiB RandomX dataset");
    }
    // One dataset build: the vectors sharing the first vector's key.
    RandomXAlgorithm fast({.mode = RandomXMode::Fast, .threads = 2, .keysKept = 1});
    QCOMPARE(fast.mode(), RandomXMode::Fast);
    int checked = 0;
    for (const Vector& v : vectors_) {
      if (v.key != vectors_.front().key) continue;
      QCOMPARE(hexOf(fast.hash(v.input, v.key)), v.hash);
      ++checked;
    }
    QVERIFY(checked >= 2);
  }

  void concurrentHashingWithTwoKeys() {
    RandomXAlgorithm light({.mode = RandomXMode::Light, .threads = 2, .keysKept = 4});
    std::atomic<int> wrong{0}, done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 3; ++round) {
          for (std::size_t i = 0; i < vectors_.size(); ++i) {
            const Vector& v = vectors_[(i + std::size_t(t)) % vectors_.size()];
            if (hexOf(light.hash(v.input, v.key)) != v.hash) ++wrong;
            ++done;
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    QCOMPARE(wrong.load(), 0);
    QCOMPARE(done.load(), int(4 * 3 * vectors_.size()));
  }

  void preparedNextKeyDoesNotStallTheCurrentOne() {
    RandomXAlgorithm light({.mode = RandomXMode::Light, .threads = 1, .keysKept = 2});
    const Vector& current = vectors_[0];
    const Vector* next = nullptr;
    for (const Vector& v : vectors_) {
      if (v.key != current.key) next = &v;
    }
    QVERIFY(next != nullptr);

    QCOMPARE(hexOf(light.hash(current.input, current.key)), current.hash);
    QVERIFY(light.isKeyReady(current.key));
    QVERIFY(!light.isKeyReady(next->key));

    light.prepareKey(next->key);  // returns at once; the 256 MiB cache builds in the background
    // A hash with the current key needs no part of the next key's build.
    QCOMPARE(hexOf(light.hash(current.input, current.key)), current.hash);
    QVERIFY2(!light.isKeyReady(next->key), "the current key's hash waited for the next key's cache");

    QTRY_VERIFY_WITH_TIMEOUT(light.isKeyReady(next->key), 60000);
    QCOMPARE(hexOf(light.hash(next->input, next->key)), next->hash);
    QVERIFY(light.isKeyReady(current.key));  // both kept
  }

  void leastRecentlyUsedKeyIsEvicted() {
    RandomXAlgorithm light({.mode = RandomXMode::Light, .threads = 1, .keysKept = 2});
    std::vector<const Vector*> distinct;
    for (const Vector& v : vectors_) {
      bool seen = false;
      for (const Vector* d : distinct) seen = seen || d->key == v.key;
      if (!seen) distinct.push_back(&v);
    }
    QVERIFY(distinct.size() >= 3);
    for (int i = 0; i < 3; ++i) QCOMPARE(hexOf(light.hash(distinct[i]->input, distinct[i]->key)), distinct[i]->hash);
    QVERIFY(!light.isKeyReady(distinct[0]->key));
    QVERIFY(light.isKeyReady(distinct[1]->key));
    QVERIFY(light.isKeyReady(distinct[2]->key));
    // An evicted key still hashes correctly: it is simply built again.
    QCOMPARE(hexOf(light.hash(distinct[0]->input, distinct[0]->key)), distinct[0]->hash);
  }

  void badKeysAreRefused() {
    RandomXAlgorithm light({.mode = RandomXMode::Light, .threads = 1, .keysKept = 1});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, light.hash(vectors_[0].input, {}));
    const Bytes longKey(61, 0x11);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, light.hash(vectors_[0].input, longKey));
  }

  void autoModeFollowsMemory() {
    RandomXAlgorithm automatic({.mode = RandomXMode::Auto, .threads = 1, .keysKept = 2});
    QCOMPARE(automatic.mode(), RandomXAlgorithm::fastModeFits(2) ? RandomXMode::Fast : RandomXMode::Light);
    QCOMPARE(pow::parseRandomXMode("fast"), std::optional(RandomXMode::Fast));
    QVERIFY(!pow::parseRandomXMode("turbo").has_value());
  }

 private:
  std::vector<Vector> vectors_;
};

QTEST_GUILESS_MAIN(TestRandomX)
#include "test_randomx.moc"
