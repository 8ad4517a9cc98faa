// Tests of hex text, fixed-width integers, Bitcoin CompactSize and Monero varints, including the
// refusal of truncated and non-canonical encodings.
#include <QTest>

#include "util/hex.hpp"
#include "util/serialize.hpp"

using namespace otedama;

namespace {
QString hexOf(const Bytes& bytes) { return QString::fromStdString(toHex(bytes)); }
}  // namespace

class TestSerialize : public QObject {
  Q_OBJECT

 private slots:
  void hexRoundTrip() {
    const Bytes bytes{0x00, 0x01, 0xab, 0xff};
    QCOMPARE(hexOf(bytes), QString("0001abff"));
    QCOMPARE(fromHex("0001ABff"), bytes);
    QVERIFY(fromHex("").empty());
    QCOMPARE(hexOf(reversed(bytes)), QString("ffab0100"));
  }

  void badHexSaysWhy() {
    try {
      fromHex("abc");
      QFAIL("odd length accepted");
    } catch (const std::invalid_argument& e) {
      QVERIFY(QString(e.what()).contains("odd number of digits"));
    }
    try {
      fromHex("00zz");
      QFAIL("non-hex accepted");
    } catch (const std::invalid_argument& e) {
      QVERIFY(QString(e.what()).contains("position 2"));
    }
    QVERIFY(!tryFromHex("0x00").has_value());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hash32FromHex("00"));
  }

  void fixedWidthIntegers() {
    ByteWriter w;
    w.u8(0x01);
    w.u16le(0x0302);
    w.u32le(0x07060504);
    w.u64le(0x0f0e0d0c0b0a0908ULL);
    w.u32be(0x10111213);
    w.u64be(0x1415161718191a1bULL);
    QCOMPARE(hexOf(w.data()), QString("0102030405060708090a0b0c0d0e0f101112131415161718191a1b"));

    ByteReader r(w.data());
    QCOMPARE(r.u8(), std::uint8_t{1});
    QCOMPARE(r.u16le(), std::uint16_t{0x0302});
    QCOMPARE(r.u32le(), 0x07060504u);
    QCOMPARE(r.u64le(), 0x0f0e0d0c0b0a0908ULL);
    QCOMPARE(r.u32be(), 0x10111213u);
    QCOMPARE(r.u64be(), 0x1415161718191a1bULL);
    QVERIFY(r.atEnd());
    QVERIFY_THROWS_EXCEPTION(DecodeError, r.u8());
  }

  void compactSize_data() {
    QTest::addColumn<quint64>("value");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("0") << 0ULL << "00";
    QTest::newRow("0xfc") << 0xfcULL << "fc";
    QTest::newRow("0xfd") << 0xfdULL << "fdfd00";
    QTest::newRow("0xffff") << 0xffffULL << "fdffff";
    QTest::newRow("0x10000") << 0x10000ULL << "fe00000100";
    QTest::newRow("0xffffffff") << 0xffffffffULL << "feffffffff";
    QTest::newRow("0x100000000") << 0x100000000ULL << "ff0000000001000000";
    QTest::newRow("max") << ~0ULL << "ffffffffffffffffff";
  }

  void compactSize() {
    QFETCH(quint64, value);
    QFETCH(QString, encoded);
    QCOMPARE(hexOf(encodeCompactSize(value)), encoded);
    const Bytes bytes = fromHex(encoded.toStdString());
    ByteReader r(bytes);
    QCOMPARE(quint64(r.compactSize()), value);
    r.expectEnd("compact size");
  }

  void compactSizeRefusesBadEncodings_data() {
    QTest::addColumn<QString>("encoded");
    QTest::newRow("0xfc in 3 bytes") << "fdfc00";
    QTest::newRow("0xffff in 5 bytes") << "feffff0000";
    QTest::newRow("0xffffffff in 9 bytes") << "ffffffffff00000000";
    QTest::newRow("truncated") << "fe0000";
    QTest::newRow("empty") << "";
  }

  void compactSizeRefusesBadEncodings() {
    QFETCH(QString, encoded);
    const Bytes bytes = fromHex(encoded.toStdString());
    ByteReader r(bytes);
    QVERIFY_THROWS_EXCEPTION(DecodeError, r.compactSize());
  }

  void compactSizeLimit() {
    const Bytes bytes = encodeCompactSize(1001);
    ByteReader r(bytes);
    QVERIFY_THROWS_EXCEPTION(DecodeError, r.compactSize(1000));
  }

  void lengthPrefixedBytes() {
    ByteWriter w;
    w.lengthPrefixed(fromHex("deadbeef"));
    QCOMPARE(hexOf(w.data()), QString("04deadbeef"));
    ByteReader r(w.data());
    const ByteSpan span = r.lengthPrefixed(16);
    QCOMPARE(hexOf(Bytes(span.begin(), span.end())), QString("deadbeef"));

    const Bytes claimsTooMuch = fromHex("05deadbeef");
    ByteReader truncated(claimsTooMuch);
    QVERIFY_THROWS_EXCEPTION(DecodeError, truncated.lengthPrefixed(16));
    ByteReader overLimit(w.data());
    QVERIFY_THROWS_EXCEPTION(DecodeError, overLimit.lengthPrefixed(3));
  }

  void varint_data() {
    QTest::addColumn<quint64>("value");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("0") << 0ULL << "00";
    QTest::newRow("127") << 127ULL << "7f";
    QTest::newRow("128") << 128ULL << "8001";
    QTest::newRow("300") << 300ULL << "ac02";
    QTest::newRow("16384") << 16384ULL << "808001";
    QTest::newRow("2^63") << (1ULL << 63) << "80808080808080808001";
    QTest::newRow("max") << ~0ULL << "ffffffffffffffffff01";
  }

  void varint() {
    QFETCH(quint64, value);
    QFETCH(QString, encoded);
    QCOMPARE(hexOf(encodeVarint(value)), encoded);
    const Bytes bytes = fromHex(encoded.toStdString());
    ByteReader r(bytes);
    QCOMPARE(quint64(r.varint()), value);
    QVERIFY(r.atEnd());
  }

  void varintRefusesBadEncodings_data() {
    QTest::addColumn<QString>("encoded");
    QTest::newRow("redundant zero group") << "8000";
    QTest::newRow("redundant zero groups") << "ff8000";
    QTest::newRow("above 2^64") << "ffffffffffffffffff02";
    QTest::newRow("eleven bytes") << "ffffffffffffffffff8101";
    QTest::newRow("truncated") << "80";
    QTest::newRow("empty") << "";
  }

  void varintRefusesBadEncodings() {
    QFETCH(QString, encoded);
    const Bytes bytes = fromHex(encoded.toStdString());
    ByteReader r(bytes);
    QVERIFY_THROWS_EXCEPTION(DecodeError, r.varint());
  }

  void trailingBytesAreReported() {
    const Bytes bytes{1, 2, 3};
    ByteReader r(bytes);
    r.u8();
    QVERIFY_THROWS_EXCEPTION(DecodeError, r.expectEnd("test"));
    QCOMPARE(r.remaining(), std::size_t{2});
    QVERIFY_THROWS_EXCEPTION(DecodeError, r.bytes(3));
    QCOMPARE(r.position(), std::size_t{1});  // a failed read consumes nothing
  }
};

QTEST_APPLESS_MAIN(TestSerialize)
#include "test_serialize.moc"
