// Tests of compact "bits" <-> target (Bitcoin Core's SetCompact/GetCompact cases, including
// zero, negative and overflowing bits) and of target <-> difficulty in each family's convention.
#include <QTest>

#include <cmath>

#include "util/compact_target.hpp"
#include "util/difficulty.hpp"

using namespace otedama;

class TestTargets : public QObject {
  Q_OBJECT

 private slots:
  void decodeCompact_data() {
    QTest::addColumn<quint32>("bits");
    QTest::addColumn<QString>("target");  // hex, most significant first
    QTest::addColumn<bool>("negative");
    QTest::addColumn<bool>("overflow");
    QTest::addColumn<quint32>("reencoded");

    const QString zero(64, '0');
    QTest::newRow("zero") << 0u << zero << false << false << 0u;
    QTest::newRow("size 0 drops the mantissa") << 0x00123456u << zero << false << false << 0u;
    QTest::newRow("size 1 shifts out 0x0034") << 0x01003456u << zero << false << false << 0u;
    QTest::newRow("size 2 shifts out 0x000056") << 0x02000056u << zero << false << false << 0u;
    QTest::newRow("zero mantissa size 3") << 0x03000000u << zero << false << false << 0u;
    QTest::newRow("zero mantissa size 4") << 0x04000000u << zero << false << false << 0u;
    QTest::newRow("sign bit on a zero value") << 0x00923456u << zero << false << false << 0u;
    QTest::newRow("sign bit shifted out") << 0x01803456u << zero << false << false << 0u;
    QTest::newRow("size 1") << 0x01123456u << QString(62, '0') + "12" << false << false << 0x01120000u;
    QTest::newRow("size 1 negative") << 0x01fedcbau << QString(62, '0') + "7e" << true << false << 0x017e0000u;
    QTest::newRow("size 2") << 0x02123456u << QString(60, '0') + "1234" << false << false << 0x02123400u;
    QTest::newRow("size 3") << 0x03123456u << QString(58, '0') + "123456" << false << false << 0x03123456u;
    QTest::newRow("size 4") << 0x04123456u << QString(56, '0') + "12345600" << false << false << 0x04123456u;
    QTest::newRow("size 4 negative") << 0x04923456u << QString(56, '0') + "12345600" << true << false << 0x04123456u;
    QTest::newRow("mantissa with sign byte") << 0x05009234u << QString(56, '0') + "92340000" << false << false
                                             << 0x05009234u;
    QTest::newRow("size 32") << 0x20123456u << "123456" + QString(58, '0') << false << false << 0x20123456u;
    QTest::newRow("bitcoin diff 1") << 0x1d00ffffu << "00000000ffff" + QString(52, '0') << false << false
                                    << 0x1d00ffffu;
    QTest::newRow("litecoin genesis") << 0x1e0ffff0u << "00000ffff0" + QString(54, '0') << false << false
                                      << 0x1e0ffff0u;
    QTest::newRow("largest 2-byte mantissa at size 33") << 0x2100ffffu << "ffff" + QString(60, '0') << false << false
                                                        << 0x2100ffffu;
    QTest::newRow("1-byte mantissa at size 34") << 0x22000001u << "01" + QString(62, '0') << false << false
                                                << 0x20010000u;
  }

  void decodeCompact() {
    QFETCH(quint32, bits);
    QFETCH(QString, target);
    QFETCH(bool, negative);
    QFETCH(bool, overflow);
    QFETCH(quint32, reencoded);
    const CompactDecoded decoded = otedama::decodeCompact(bits);
    QCOMPARE(QString::fromStdString(decoded.target.toHex()), target);
    QCOMPARE(decoded.negative, negative);
    QCOMPARE(decoded.overflow, overflow);
    QCOMPARE(compactFromTarget(decoded.target), reencoded);
  }

  void overflowingBits_data() {
    QTest::addColumn<quint32>("bits");
    QTest::newRow("size 35") << 0x23000001u;
    QTest::newRow("2-byte mantissa at size 34") << 0x2200ff00u;
    QTest::newRow("3-byte mantissa at size 33") << 0x21010000u;
    QTest::newRow("size 255") << 0xff123456u;
  }

  void overflowingBits() {
    QFETCH(quint32, bits);
    QVERIFY(otedama::decodeCompact(bits).overflow);
    QVERIFY(!targetFromCompact(bits).has_value());
  }

  void unusableBitsHaveNoTarget() {
    QVERIFY(!targetFromCompact(0).has_value());           // zero
    QVERIFY(!targetFromCompact(0x04923456).has_value());  // negative
    QVERIFY(!targetFromCompact(0x01003456).has_value());  // rounds to zero
    QVERIFY(targetFromCompact(0x1d00ffff).has_value());
  }

  void encodeMovesTheSignBit() {
    QCOMPARE(compactFromTarget(UInt256(0x80)), 0x02008000u);
    QCOMPARE(compactFromTarget(UInt256(0x800000)), 0x04008000u);
    QCOMPARE(compactFromTarget(UInt256(0)), 0u);
    QCOMPARE(compactFromTarget(UInt256::max()), 0x2100ffffu);
  }

  void bitcoinDifficulty() {
    QCOMPARE(difficultyFromTarget(DifficultyFamily::Bitcoin, *targetFromCompact(0x1d00ffff)), 1.0);
    // Bitcoin block 100000's bits; the figure explorers show for it.
    QVERIFY(std::abs(difficultyFromTarget(DifficultyFamily::Bitcoin, *targetFromCompact(0x1b04864c)) -
                     14484.162361225399) < 1e-6);
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Bitcoin, 1.0), *targetFromCompact(0x1d00ffff));
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Bitcoin, 0.5), *targetFromCompact(0x1d00ffff) << 1);
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Bitcoin, 256.0), *targetFromCompact(0x1d00ffff) >> 8);
    QCOMPARE(difficultyFromTarget(DifficultyFamily::Bitcoin, UInt256(0)), INFINITY);
  }

  void scryptStratumDifficultyIsScaledBy65536() {
    const UInt256 one = targetFromDifficulty(DifficultyFamily::ScryptStratum, 1.0);
    QCOMPARE(QString::fromStdString(one.toHex()), "0000ffff" + QString(56, '0'));
    QCOMPARE(difficultyFromTarget(DifficultyFamily::ScryptStratum, *targetFromCompact(0x1d00ffff)), 65536.0);
    // The same target is 2^16 times the Bitcoin figure.
    const UInt256 target = *targetFromCompact(0x1e0ffff0);
    QCOMPARE(difficultyFromTarget(DifficultyFamily::ScryptStratum, target),
             65536.0 * difficultyFromTarget(DifficultyFamily::Bitcoin, target));
  }

  void moneroDifficulty() {
    QCOMPARE(moneroTargetFromDifficulty(UInt256(1)), UInt256::max());
    QCOMPARE(moneroTargetFromDifficulty(UInt256(3)), UInt256::fromHex(std::string(64, '5')));
    // (2^256 - 1) / 3 is exact: that hash times 3 is 2^256 - 1 and meets; one more does not.
    const UInt256 border = UInt256::fromHex(std::string(64, '5'));
    QVERIFY(moneroHashMeetsDifficulty(border, UInt256(3)));
    QVERIFY(!moneroHashMeetsDifficulty(border + UInt256(1), UInt256(3)));
    QVERIFY(moneroHashMeetsDifficulty(UInt256::max(), UInt256(1)));
    QVERIFY(!moneroHashMeetsDifficulty(UInt256::max(), UInt256(2)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, moneroTargetFromDifficulty(UInt256(0)));
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Monero, 3.0), border);
    QCOMPARE(difficultyFromTarget(DifficultyFamily::Monero, border), 3.0);
  }

  void badDifficultyIsRefused_data() {
    QTest::addColumn<double>("difficulty");
    QTest::newRow("zero") << 0.0;
    QTest::newRow("negative") << -1.0;
    QTest::newRow("nan") << double(NAN);
    QTest::newRow("infinite") << double(INFINITY);
  }

  void badDifficultyIsRefused() {
    QFETCH(double, difficulty);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, targetFromDifficulty(DifficultyFamily::Bitcoin, difficulty));
  }

  void extremeDifficultiesSaturate() {
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Bitcoin, 1e-300), UInt256::max());
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Bitcoin, std::ldexp(1.0, -40)), UInt256::max());
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Bitcoin, std::ldexp(1.0, -20)), UInt256(0xffff) << 228);
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Bitcoin, 1e300), UInt256(0));
    QCOMPARE(targetFromDifficulty(DifficultyFamily::Monero, 5e-324), UInt256::max());  // smallest subnormal
  }

  void difficultyRoundTrips() {
    for (double d : {0.001, 0.5, 1.0, 3.7, 1024.0, 65536.0, 1.5e9, 4.2e13}) {
      for (auto family : {DifficultyFamily::Bitcoin, DifficultyFamily::ScryptStratum, DifficultyFamily::Monero}) {
        if (family == DifficultyFamily::Monero && d < 1.0) {
          // Monero's difficulty 1 is already the largest target: below it there is nothing easier.
          QCOMPARE(targetFromDifficulty(family, d), UInt256::max());
          continue;
        }
        const double back = difficultyFromTarget(family, targetFromDifficulty(family, d));
        QVERIFY2(std::abs(back / d - 1.0) < 1e-9, qPrintable(QString("difficulty %1 came back as %2").arg(d).arg(back)));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestTargets)
#include "test_targets.moc"
