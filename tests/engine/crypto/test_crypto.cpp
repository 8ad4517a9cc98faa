// Tests of the hash primitives against published vectors (NIST SHA-256, Keccak-256, BLAKE2b,
// RFC 7914 scrypt) and of the merkle helpers against Bitcoin block 100000.
#include <QFile>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

#include "crypto/blake2b.hpp"
#include "crypto/cpu_features.hpp"
#include "crypto/keccak.hpp"
#include "crypto/merkle.hpp"
#include "crypto/scrypt.hpp"
#include "crypto/sha256.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::crypto;

namespace {

QString hexOf(ByteSpan bytes) { return QString::fromStdString(toHex(bytes)); }

Bytes patternBytes(std::size_t size) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i);
  return out;
}

// NIST SHA3-256 built on our Keccak-f[1600]: only the padding byte (0x06) differs from Keccak, so
// matching an independent SHA3 implementation over multi-block inputs checks the permutation.
Hash32 sha3_256ThroughOurPermutation(ByteSpan data) {
  constexpr std::size_t rate = 136;
  KeccakState state{};
  Bytes padded(data.begin(), data.end());
  const std::size_t tail = padded.size() % rate;
  padded.resize(padded.size() - tail + rate, 0);
  padded[data.size()] ^= 0x06;
  padded.back() ^= 0x80;
  for (std::size_t block = 0; block < padded.size(); block += rate) {
    for (std::size_t i = 0; i < rate / 8; ++i) {
      std::uint64_t lane = 0;
      for (int b = 0; b < 8; ++b) lane |= std::uint64_t{padded[block + 8 * i + b]} << (8 * b);
      state[i] ^= lane;
    }
    keccakF1600(state);
  }
  Hash32 out;
  for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(state[i / 8] >> (8 * (i % 8)));
  return out;
}

}  // namespace

class TestCrypto : public QObject {
  Q_OBJECT

 private slots:
  void sha256Vectors() {
    QCOMPARE(hexOf(sha256(asBytes(""))), QString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(hexOf(sha256(asBytes("abc"))), QString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const std::string million(1000000, 'a');
    QCOMPARE(hexOf(sha256(asBytes(million))), QString("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    QCOMPARE(hexOf(sha256d(asBytes(""))), QString("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456"));
    QCOMPARE(sha256d(asBytes("abc")), sha256(sha256(asBytes("abc"))));
  }

  void sha256IsThreadSafe() {
    // Each thread has its own EVP context; hashing concurrently must give the same answers.
    const Hash32 expected = sha256d(asBytes("otedama"));
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 2000; ++i) {
          if (sha256d(asBytes("otedama")) != expected) ++mismatches;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    QCOMPARE(mismatches.load(), 0);
  }

  void keccakVectors() {
    QCOMPARE(hexOf(keccak256(asBytes(""))), QString("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    QCOMPARE(hexOf(keccak256(asBytes("abc"))), QString("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"));
  }

  void keccakPermutationOverManyBlocks_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("sha3");  // Python hashlib.sha3_256 of bytes 0, 1, 2, ... (mod 256)
    QTest::newRow("exactly one rate") << 136 << "cf3ccff92480a29160c2d38317c430e14749bfee1788106957dfe73f8c4930e5";
    QTest::newRow("two blocks") << 200 << "5f728f63bf5ee48c77f453c0490398fa645b8d4c4e56be9a41cfec344d6ca899";
    QTest::newRow("eight blocks") << 1000 << "14e5de35911194ddad95ac1572e2b6ce054ed2146cd0562280fcab04ccfecbd8";
  }

  void keccakPermutationOverManyBlocks() {
    QFETCH(int, size);
    QFETCH(QString, sha3);
    QCOMPARE(hexOf(sha3_256ThroughOurPermutation(patternBytes(std::size_t(size)))), sha3);
  }

  void keccakOutputSizes() {
    std::array<std::uint8_t, 64> wide{};
    keccak(asBytes("abc"), wide);  // Keccak-512 rate
    std::array<std::uint8_t, 101> tooWide{};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, keccak(asBytes("abc"), tooWide));
  }

  void blake2bVectors() {
    QCOMPARE(hexOf(blake2b(asBytes("abc"), 64)),
             QString("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                     "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"));
    QCOMPARE(hexOf(blake2b256(asBytes(""))), QString("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"));
    QCOMPARE(hexOf(blake2b(asBytes("abc"), 32, patternBytes(32))),
             QString("d63a32d3e44738d7907f964316c241adaba0abfeabc32349677578a15a203f7f"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, blake2b(asBytes("abc"), 8));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, blake2b(asBytes("abc"), 32, patternBytes(8)));
  }

  void scryptRfc7914() {
    std::array<std::uint8_t, 64> out{};
    scrypt(asBytes(""), asBytes(""), 16, 1, 1, out);
    QCOMPARE(hexOf(out), QString("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                                 "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"));
    scrypt(asBytes("password"), asBytes("NaCl"), 1024, 8, 16, out);
    QCOMPARE(hexOf(out), QString("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                                 "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scrypt(asBytes("a"), asBytes("b"), 1000, 1, 1, out));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scrypt(asBytes("a"), asBytes("b"), 1024, 0, 1, out));
  }

  void merkleRootOfBitcoinBlock100000() {
    // Transaction ids in display order, as explorers show them.
    const char* txids[] = {"8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
                           "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
                           "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
                           "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d"};
    std::vector<Hash32> leaves;
    for (const char* txid : txids) leaves.push_back(reversed(hash32FromHex(txid)));
    const Hash32 root = merkleRoot(leaves);
    QCOMPARE(hexOf(reversed(root)), QString("f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766"));

    for (std::size_t i = 0; i < leaves.size(); ++i) {
      QCOMPARE(merkleRootFromBranch(leaves[i], merkleBranch(leaves, i), i), root);
    }
  }

  void merkleBranchesOnOddLevels() {
    for (std::size_t count : {1u, 2u, 3u, 5u, 7u, 11u}) {
      std::vector<Hash32> leaves;
      for (std::size_t i = 0; i < count; ++i) leaves.push_back(sha256(asBytes(std::to_string(i))));
      const Hash32 root = merkleRoot(leaves);
      for (std::size_t i = 0; i < count; ++i) {
        QCOMPARE(merkleRootFromBranch(leaves[i], merkleBranch(leaves, i), i), root);
      }
    }
    QCOMPARE(merkleRoot({}), Hash32{});
    const Hash32 only = sha256(asBytes("coinbase"));
    QCOMPARE(merkleRoot({only}), only);
    QVERIFY(merkleBranch(std::vector<Hash32>{only}, 0).empty());
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, merkleBranch(std::vector<Hash32>{only}, 1));
  }

  void cpuFeaturesMatchTheKernel() {
    // The kernel's view of the CPU (/proc/cpuinfo flags) must agree with our CPUID reading.
    QFile cpuinfo("/proc/cpuinfo");
    if (!cpuinfo.open(QIODevice::ReadOnly)) QSKIP("no /proc/cpuinfo on this system");
    QByteArray flags;
    for (const QByteArray& line : cpuinfo.readAll().split('\n')) {
      if (line.startsWith("flags")) {
        flags = " " + line.mid(line.indexOf(':') + 1).trimmed() + " ";
        break;
      }
    }
    if (flags.isEmpty()) QSKIP("no x86 flags line in /proc/cpuinfo");
    QCOMPARE(cpuHasShaExtensions(), flags.contains(" sha_ni "));
    QCOMPARE(cpuHasAes(), flags.contains(" aes "));
    QCOMPARE(cpuHasAvx2(), flags.contains(" avx2 "));
  }
};

QTEST_APPLESS_MAIN(TestCrypto)
#include "test_crypto.moc"
