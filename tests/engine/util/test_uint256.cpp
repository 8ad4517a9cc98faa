// Tests of the fixed-width unsigned integers: bytes and hex, carries, wrap-around, products,
// division (both the one-limb and the long path), shifts and comparisons.
#include <QTest>

#include "util/uint256.hpp"

using otedama::UInt256;
using otedama::UInt512;

namespace {

// Deterministic pseudo-random values (splitmix64) spread over all bit lengths.
struct Sequence {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  UInt256 value() {
    UInt256 v;
    for (std::size_t i = 0; i < 4; ++i) v.setLimb(i, next());
    return v >> unsigned(next() % 256);
  }
};

}  // namespace

class TestUInt256 : public QObject {
  Q_OBJECT

 private slots:
  void hexAndBytesRoundTrip() {
    const auto v = UInt256::fromHex("00000000000000000007878ec04bb2b2e12317804810f4c26033585b3f81ffaa");
    QCOMPARE(QString::fromStdString(v.toHex()),
             QString("00000000000000000007878ec04bb2b2e12317804810f4c26033585b3f81ffaa"));
    const auto little = v.toLittleEndian();
    QCOMPARE(little[0], std::uint8_t{0xaa});
    QCOMPARE(little[31], std::uint8_t{0x00});
    QCOMPARE(UInt256::fromLittleEndian(little), v);
    QCOMPARE(UInt256::fromBigEndian(v.toBigEndian()), v);
    QCOMPARE(UInt256::fromHex("0x1f"), UInt256(31));
    QCOMPARE(UInt256::fromHex("ABCDEF"), UInt256(0xabcdef));
  }

  void badHexIsRefused() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UInt256::fromHex(""));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UInt256::fromHex("12g4"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UInt256::fromHex(std::string(65, '1')));
    const std::array<std::uint8_t, 31> shortBytes{};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UInt256::fromLittleEndian(shortBytes));
  }

  void additionCarriesAndWraps() {
    QCOMPARE(UInt256(~0ULL) + UInt256(1), UInt256(1) << 64);
    QCOMPARE(UInt256::max() + UInt256(1), UInt256(0));
    QCOMPARE(UInt256(0) - UInt256(1), UInt256::max());
    QCOMPARE((UInt256(1) << 192) - UInt256(1), UInt256::fromHex("ffffffffffffffffffffffffffffffffffffffffffffffff"));
    UInt256 counter = UInt256::max();
    ++counter;
    QVERIFY(counter.isZero());
  }

  void multiplication() {
    const UInt256 a = (UInt256(1) << 128) - UInt256(1);
    // (2^128 - 1)^2 = 2^256 - 2^129 + 1
    QCOMPARE(a * a, UInt256(0) - (UInt256(1) << 129) + UInt256(1));
    const UInt512 wide = UInt256::mulWide(UInt256::max(), UInt256::max());
    // (2^256 - 1)^2 = 2^512 - 2^257 + 1
    QCOMPARE(wide, UInt512(0) - (UInt512(1) << 257) + UInt512(1));
    QCOMPARE(UInt256(0xffffffffULL) * UInt256(0xffffffffULL), UInt256(0xfffffffe00000001ULL));
  }

  void divisionEdgeCases() {
    QCOMPARE(UInt256::max() / UInt256(1), UInt256::max());
    QCOMPARE(UInt256::max() / UInt256::max(), UInt256(1));
    QCOMPARE(UInt256(5) / UInt256::max(), UInt256(0));
    QCOMPARE(UInt256(5) % UInt256::max(), UInt256(5));
    QCOMPARE(UInt256::max() / UInt256(3), UInt256::fromHex(std::string(64, '5')));
    QCOMPARE(UInt256::max() % UInt256(3), UInt256(0));
    QVERIFY_THROWS_EXCEPTION(std::domain_error, UInt256(7) / UInt256(0));
    QVERIFY_THROWS_EXCEPTION(std::domain_error, UInt256(7) % UInt256(0));
  }

  void divisionIdentityHolds() {
    // q * b + r == a and r < b for many values: exercises the one-limb and the long division.
    Sequence sequence{42};
    for (int i = 0; i < 2000; ++i) {
      const UInt256 a = sequence.value();
      UInt256 b = sequence.value();
      if (b.isZero()) b = UInt256(1);
      const auto [q, r] = UInt256::divMod(a, b);
      QVERIFY(r < b);
      QCOMPARE(q * b + r, a);
      QVERIFY(UInt256::mulWide(q, b).bitLength() <= 256);
    }
  }

  void shifts() {
    QCOMPARE((UInt256(1) << 255).bitLength(), 256u);
    QVERIFY((UInt256(1) << 256).isZero());
    QCOMPARE((UInt256(1) << 255) >> 255, UInt256(1));
    QVERIFY((UInt256::max() >> 256).isZero());
    QCOMPARE(UInt256::fromHex("123456789abcdef0") << 4, UInt256::fromHex("123456789abcdef00"));
    QCOMPARE(UInt256::fromHex("123456789abcdef0fedcba9876543210") >> 68, UInt256::fromHex("123456789abcdef"));
    QCOMPARE((UInt256(0x8000000000000000ULL) << 1).limb(1), 1ULL);
  }

  void comparisonAndBits() {
    QVERIFY(UInt256(1) << 64 > UInt256(~0ULL));
    QVERIFY(UInt256(3) < UInt256(4));
    QVERIFY(UInt256::max() >= UInt256::max());
    QCOMPARE(UInt256(0).bitLength(), 0u);
    QCOMPARE(UInt256(1).bitLength(), 1u);
    QCOMPARE(UInt256(0x100).bitLength(), 9u);
    QVERIFY(UInt256(0x100).bit(8));
    QVERIFY(!UInt256(0x100).bit(7));
    QVERIFY(!UInt256::max().bit(256));
  }

  void bitwise() {
    const UInt256 a = UInt256::fromHex("f0f0"), b = UInt256::fromHex("ff00");
    QCOMPARE(a & b, UInt256::fromHex("f000"));
    QCOMPARE(a | b, UInt256::fromHex("fff0"));
    QCOMPARE(a ^ b, UInt256::fromHex("0ff0"));
    QCOMPARE(~UInt256(0), UInt256::max());
  }

  void toDecimal() {
    QCOMPARE(UInt256().toDecimal(), std::string("0"));
    QCOMPARE(UInt256(12345).toDecimal(), std::string("12345"));
    QCOMPARE(UInt256(10'000'000'000'000'000'000ULL).toDecimal(), std::string("10000000000000000000"));
    QCOMPARE((UInt256(1) << 128).toDecimal(), std::string("340282366920938463463374607431768211456"));
    QCOMPARE(UInt256::max().toDecimal(),
             std::string("115792089237316195423570985008687907853269984665640564039457584007913129639935"));
  }

  void toDouble() {
    QCOMPARE((UInt256(1) << 200).toDouble(), std::ldexp(1.0, 200));
    QCOMPARE(UInt256(12345).toDouble(), 12345.0);
    QCOMPARE(UInt256(0).toDouble(), 0.0);
    QVERIFY(std::abs(UInt256::max().toDouble() / std::ldexp(1.0, 256) - 1.0) < 1e-15);
  }

  void resizing() {
    const UInt256 v = UInt256::max();
    QCOMPARE(v.resized<8>().bitLength(), 256u);
    QCOMPARE(v.resized<8>().resized<4>(), v);
    QCOMPARE(v.resized<2>().resized<4>(), (UInt256(1) << 128) - UInt256(1));
  }
};

QTEST_APPLESS_MAIN(TestUInt256)
#include "test_uint256.moc"
