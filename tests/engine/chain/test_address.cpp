// Tests of the address codecs: the published Base58 (Bitcoin Core's base58_encode_decode.json),
// BIP173 and BIP350 vectors, Bitcoin and Litecoin addresses of each type and network with their
// output scripts (Bitcoin Core's and Litecoin Core's key_io_valid.json, BIP86, other published
// addresses), and one test per refusal reason checking that the message says it.
#include <QTest>

#include <string>

#include "chain/address.hpp"
#include "chain/base58.hpp"
#include "chain/bech32.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::chain;

namespace {

QString hexOf(const Bytes& bytes) { return QString::fromStdString(toHex(bytes)); }

std::string toStd(const QByteArray& bytes) {
  return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

Network networkOf(const QString& name) {
  const auto network = parseNetwork(name.toStdString());
  if (!network) qFatal("bad network in test data: %s", qPrintable(name));
  return *network;
}

// The message of the Error that `call` throws, or an empty string when it throws nothing.
template <typename Error, typename Call>
QString messageOf(Call call) {
  try {
    call();
  } catch (const Error& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

// Checks that a refusal happened and that its message contains the fragment.
#define VERIFY_REFUSED(message, fragment)                                                          \
  do {                                                                                             \
    const QString refusal = (message);                                                             \
    QVERIFY2(!refusal.isEmpty(), "accepted");                                                      \
    QVERIFY2(refusal.contains(fragment), qPrintable("message was: " + refusal));                   \
  } while (false)

}  // namespace

class TestAddress : public QObject {
  Q_OBJECT

 private slots:
  // --- Base58 and Base58Check ------------------------------------------------------------------

  void base58Vectors_data() {
    QTest::addColumn<QString>("hex");
    QTest::addColumn<QString>("text");
    // Bitcoin Core, src/test/data/base58_encode_decode.json
    QTest::newRow("empty") << "" << "";
    QTest::newRow("61") << "61" << "2g";
    QTest::newRow("626262") << "626262" << "a3gV";
    QTest::newRow("636363") << "636363" << "aPEr";
    QTest::newRow("simply a long string") << "73696d706c792061206c6f6e6720737472696e67"
                                          << "2cFupjhnEsSn59qHXstmK2ffpLv2";
    QTest::newRow("address") << "00eb15231dfceb60925886b67d065299925915aeb172c06647"
                             << "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L";
    QTest::newRow("516b6fcd0f") << "516b6fcd0f" << "ABnLTmg";
    QTest::newRow("bf4f89001e670274dd") << "bf4f89001e670274dd" << "3SEo3LWLoPntC";
    QTest::newRow("572e4794") << "572e4794" << "3EFU7m";
    QTest::newRow("ecac89cad93923c02321") << "ecac89cad93923c02321" << "EJDM8drfXA6uyA";
    QTest::newRow("10c8511e") << "10c8511e" << "Rt5zm";
    QTest::newRow("10 zeros") << "00000000000000000000" << "1111111111";
    QTest::newRow("40 zeros") << "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
                              << "1111111111111111111111111111111111111111";
    QTest::newRow("39 zeros and 1")
        << "00000000000000000000000000000000000000000000000000000000000000000000000000000001"
        << "1111111111111111111111111111111111111112";
    QTest::newRow("86 zeros and more")
        << "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
           "000000000000000000000000000000000000000000000000000000000000000000000000ec39d04c37e71e5d591881f6"
        << "111111111111111111111111111111111111111111111111111111111111111111111111111111111111115TYzLYH1udmLdzCLM";
    QTest::newRow("alphabet") << "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5"
                              << "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    QTest::newRow("all bytes")
        << "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
           "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
           "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
           "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
           "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
           "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
        << "1cWB5HCBdLjAuqGGReWE3R3CguuwSjw6RHn39s2yuDRTS5NsBgNiFpWgAnEx6VQi8csexkgYw3mdYrMHr8x9i7aEwP8kZ7vccXWqKDvGv3"
           "u1GxFKPuAkn8JCPPGDMf3vMMnbzm6Nh9zh1gcNsMvH3ZNLmP5fSG6DGbbi2tuwMWPthr4boWwCxf7ewSgNQeacyozhKDDQQ1qL5fQFUW52"
           "QKUZDZ5fw3KXNQJMcNTcaB723LchjeKun7MuGW5qyCBZYzA1KjofN1gYBV3NqyhQJ3Ns746GNuf9N2pQPmHz4xpnSrrfCvy6TVVz5d4Pdr"
           "jeshsWQwpZsZGzvbdAdN8MKV5QsBDY";
    QTest::newRow("271F359E") << "271F359E" << "zzzzy";
    QTest::newRow("271F359F") << "271F359F" << "zzzzz";
    QTest::newRow("271F35A0") << "271F35A0" << "211111";
    QTest::newRow("271F35A1") << "271F35A1" << "211112";
  }

  void base58Vectors() {
    QFETCH(QString, hex);
    QFETCH(QString, text);
    const Bytes bytes = fromHex(hex.toStdString());
    QCOMPARE(QString::fromStdString(encodeBase58(bytes)), text);
    // Two vectors are longer than the 128 characters addresses are limited to.
    QCOMPARE(decodeBase58(text.toStdString(), 1000), bytes);
  }

  void base58CheckOfTheGenesisAddress() {
    const Bytes payload = decodeBase58Check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
    QCOMPARE(hexOf(payload), QString("0062e907b15cbf27d5425399ebf6f0fb50ebb88f18"));
    QCOMPARE(QString::fromStdString(encodeBase58Check(payload)), QString("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
  }

  void base58Refusals_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("zero") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0")
                          << "'0' at position 33 is not a Base58 character";
    QTest::newRow("capital O") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNO") << "'O' at position 33";
    QTest::newRow("capital I") << QByteArray("1I1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa") << "'I' at position 1";
    QTest::newRow("small l") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivlNa") << "'l' at position 31";
    QTest::newRow("trailing space") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa ") << "a space at position 34";
    QTest::newRow("non-ASCII") << QByteArray("1A1z\xc3\xa9") << "byte 0xc3 at position 4";
    QTest::newRow("checksum") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb") << "checksum does not match";
    QTest::newRow("swapped characters") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivNfa") << "checksum does not match";
    QTest::newRow("too short") << QByteArray("111") << "decodes to 3 bytes, too few to hold the 4-byte Base58Check checksum";
    QTest::newRow("one byte") << QByteArray("x") << "decodes to 1 byte, too few";
    QTest::newRow("too long") << QByteArray(129, '2') << "129 characters long; at most 128";
  }

  void base58Refusals() {
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);
    const QString message = messageOf<Base58Error>([&] { decodeBase58Check(toStd(text)); });
    VERIFY_REFUSED(message, reason);
  }

  // --- Bech32 and Bech32m strings (BIP173, BIP350) ----------------------------------------------

  void bech32ValidStrings_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("bech32m");
    // BIP173, "The following strings are valid Bech32"
    QTest::newRow("173 A12UEL5L") << QByteArray("A12UEL5L") << false;
    QTest::newRow("173 a12uel5l") << QByteArray("a12uel5l") << false;
    QTest::newRow("173 83-character hrp")
        << QByteArray("an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs")
        << false;
    QTest::newRow("173 abcdef") << QByteArray("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw") << false;
    QTest::newRow("173 hrp 1")
        << QByteArray("11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j") << false;
    QTest::newRow("173 split") << QByteArray("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w") << false;
    QTest::newRow("173 question mark") << QByteArray("?1ezyfcl") << false;
    // BIP350, "The following strings are valid Bech32m"
    QTest::newRow("350 A1LQFN3A") << QByteArray("A1LQFN3A") << true;
    QTest::newRow("350 a1lqfn3a") << QByteArray("a1lqfn3a") << true;
    QTest::newRow("350 83-character hrp")
        << QByteArray("an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6")
        << true;
    QTest::newRow("350 abcdef") << QByteArray("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx") << true;
    QTest::newRow("350 hrp 1")
        << QByteArray("11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8") << true;
    QTest::newRow("350 split") << QByteArray("split1checkupstagehandshakeupstreamerranterredcaperredlc445v") << true;
    QTest::newRow("350 question mark") << QByteArray("?1v759aa") << true;
  }

  void bech32ValidStrings() {
    QFETCH(QByteArray, text);
    QFETCH(bool, bech32m);
    const Bech32Text decoded = decodeBech32(toStd(text));
    // No string is valid in both variants, so each vector also shows the other variant refuses it.
    QCOMPARE(decoded.variant == Bech32Variant::Bech32m, bech32m);
    for (std::uint8_t value : decoded.values) QVERIFY(value < 32);
    // Encoders write lowercase; the checksum is over the lowercase form.
    QCOMPARE(QByteArray::fromStdString(encodeBech32(decoded.variant, decoded.hrp, decoded.values)), text.toLower());
  }

  void bech32InvalidStrings_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason");
    // BIP173, "The following string are not valid Bech32" (the reason is the BIP's, then the message)
    QTest::newRow("173 HRP character 0x20") << QByteArray("\x20" "1nwldj5")
                                            << "a space at position 0 is outside printable US-ASCII";
    QTest::newRow("173 HRP character 0x7f") << QByteArray("\x7f" "1axkwrx") << "byte 0x7f at position 0 is outside printable";
    QTest::newRow("173 HRP character 0x80") << QByteArray("\x80" "1eym55h") << "byte 0x80 at position 0 is outside printable";
    QTest::newRow("173 overall max length exceeded")
        << QByteArray("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx")
        << "91 characters long; Bech32 allows at most 90";
    QTest::newRow("173 no separator") << QByteArray("pzry9x0s0muk") << "no separator '1'";
    QTest::newRow("173 empty HRP") << QByteArray("1pzry9x0s0muk") << "human-readable part before the separator '1' is empty";
    QTest::newRow("173 invalid data character") << QByteArray("x1b4n0q5v") << "'b' at position 2 is not a Bech32 character";
    QTest::newRow("173 too short checksum") << QByteArray("li1dgmt3") << "only 5 characters follow the separator";
    QTest::newRow("173 invalid character in checksum") << QByteArray("de1lg7wt\xff") << "byte 0xff at position 8";
    QTest::newRow("173 checksum of uppercase HRP") << QByteArray("A1G7SGD8") << "checksum does not match";
    QTest::newRow("173 empty HRP 10a06t8") << QByteArray("10a06t8") << "is empty";
    QTest::newRow("173 empty HRP 1qzzfhee") << QByteArray("1qzzfhee") << "is empty";
    // BIP350, "The following string are not valid Bech32m"
    QTest::newRow("350 HRP character 0x20") << QByteArray("\x20" "1xj0phk") << "a space at position 0 is outside printable";
    QTest::newRow("350 HRP character 0x7f") << QByteArray("\x7f" "1g6xzxy") << "byte 0x7f at position 0 is outside printable";
    QTest::newRow("350 HRP character 0x80") << QByteArray("\x80" "1vctc34") << "byte 0x80 at position 0 is outside printable";
    QTest::newRow("350 overall max length exceeded")
        << QByteArray("an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4")
        << "91 characters long; Bech32 allows at most 90";
    QTest::newRow("350 no separator") << QByteArray("qyrz8wqd2c9m") << "no separator '1'";
    QTest::newRow("350 empty HRP") << QByteArray("1qyrz8wqd2c9m") << "is empty";
    QTest::newRow("350 invalid data character b") << QByteArray("y1b0jsk6g") << "'b' at position 2 is not a Bech32 character";
    QTest::newRow("350 invalid data character i") << QByteArray("lt1igcx5c0") << "'i' at position 3 is not a Bech32 character";
    QTest::newRow("350 too short checksum") << QByteArray("in1muywd") << "only 5 characters follow the separator";
    QTest::newRow("350 invalid character in checksum i") << QByteArray("mm1crxm3i") << "'i' at position 8";
    QTest::newRow("350 invalid character in checksum o") << QByteArray("au1s5cgom") << "'o' at position 7";
    QTest::newRow("350 checksum of uppercase HRP") << QByteArray("M1VUXWEZ") << "checksum does not match";
    QTest::newRow("350 empty HRP 16plkw9") << QByteArray("16plkw9") << "is empty";
    QTest::newRow("350 empty HRP 1p2gdwpf") << QByteArray("1p2gdwpf") << "is empty";
    // Mixed case is refused even when the lowercase form is valid.
    QTest::newRow("mixed case") << QByteArray("A12uEL5L") << "mixes upper and lower case";
  }

  void bech32InvalidStrings() {
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);
    const QString message = messageOf<Bech32Error>([&] { decodeBech32(toStd(text)); });
    VERIFY_REFUSED(message, reason);
  }

  void fiveBitRegrouping() {
    QCOMPARE(hexOf(toFiveBitGroups(Bytes{0xff})), QString("1f1c"));  // 11111 111(00)
    QCOMPARE(hexOf(fromFiveBitGroups(Bytes{0x1f, 0x1c})), QString("ff"));
    QVERIFY(toFiveBitGroups(Bytes{}).empty());
    QVERIFY(fromFiveBitGroups(Bytes{}).empty());
    const Bytes program = fromHex("751e76e8199196d454941c45d1b3a323f1433bd6");
    QCOMPARE(toFiveBitGroups(program).size(), std::size_t{32});  // 160 bits, no padding
    QCOMPARE(fromFiveBitGroups(toFiveBitGroups(program)), program);
    const Bytes fiveBytes = fromHex("0102030405");
    QCOMPARE(fromFiveBitGroups(toFiveBitGroups(fiveBytes)), fiveBytes);
  }

  void fiveBitPaddingRefusals() {
    // 11111 11101: the two padding bits are 01.
    VERIFY_REFUSED(messageOf<Bech32Error>([] { fromFiveBitGroups(Bytes{0x1f, 0x1d}); }),
                   "padding bits at the end of the data are not zero");
    // Three values are 15 bits: one byte and 7 bits left over, more than a value's worth.
    VERIFY_REFUSED(messageOf<Bech32Error>([] { fromFiveBitGroups(Bytes{0, 0, 0}); }),
                   "7 bits of padding; at most 4 are allowed");
    VERIFY_REFUSED(messageOf<Bech32Error>([] { fromFiveBitGroups(Bytes{32}); }), "does not fit in 5 bits");
  }

  void bech32EncodeRefusals() {
    VERIFY_REFUSED(messageOf<Bech32Error>([] { encodeBech32(Bech32Variant::Bech32, "", Bytes{}); }),
                   "1 to 83 characters");
    VERIFY_REFUSED(messageOf<Bech32Error>([] { encodeBech32(Bech32Variant::Bech32, "bc", Bytes(82, 0)); }),
                   "would be 91 characters");
    VERIFY_REFUSED(messageOf<Bech32Error>([] { encodeBech32(Bech32Variant::Bech32m, "bc", Bytes{32}); }),
                   "does not fit in 5 bits");
    VERIFY_REFUSED(messageOf<Bech32Error>([] { encodeBech32(Bech32Variant::Bech32, "b c", Bytes{}); }),
                   "outside US-ASCII 33..126");
    VERIFY_REFUSED(messageOf<Bech32Error>([] { encodeSegwit("bc", 17, Bytes(20, 0)); }), "outside 0..16");
    VERIFY_REFUSED(messageOf<Bech32Error>([] { encodeSegwit("bc", 1, Bytes(1, 0)); }), "2 to 40 bytes, not 1 byte");
    VERIFY_REFUSED(messageOf<Bech32Error>([] { encodeSegwit("bc", 0, Bytes(16, 0)); }), "20 or 32 bytes, not 16");
  }

  // --- Segwit addresses (BIP173, BIP350) --------------------------------------------------------

  void segwitValidAddresses_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("script");
    // BIP350, "Test vectors for v0-v16 native segregated witness addresses"
    QTest::newRow("350 mainnet P2WPKH uppercase")
        << "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4" << "mainnet" << "0014751e76e8199196d454941c45d1b3a323f1433bd6";
    QTest::newRow("350 testnet P2WSH")
        << "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7" << "testnet"
        << "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262";
    QTest::newRow("350 v1 40 bytes")
        << "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y" << "mainnet"
        << "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6";
    QTest::newRow("350 v16 2 bytes") << "BC1SW50QGDZ25J" << "mainnet" << "6002751e";
    QTest::newRow("350 v2 16 bytes") << "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs" << "mainnet"
                                     << "5210751e76e8199196d454941c45d1b3a323";
    QTest::newRow("350 testnet P2WSH leading zeros")
        << "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy" << "testnet"
        << "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433";
    QTest::newRow("350 testnet P2TR leading zeros")
        << "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c" << "testnet"
        << "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433";
    QTest::newRow("350 mainnet P2TR")
        << "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0" << "mainnet"
        << "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    // BIP173, "Examples" (public key 0279BE66...; P2WSH of "key OP_CHECKSIG")
    QTest::newRow("173 example mainnet P2WPKH") << "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4" << "mainnet"
                                                << "0014751e76e8199196d454941c45d1b3a323f1433bd6";
    QTest::newRow("173 example testnet P2WPKH") << "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx" << "testnet"
                                                << "0014751e76e8199196d454941c45d1b3a323f1433bd6";
    QTest::newRow("173 example mainnet P2WSH")
        << "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3" << "mainnet"
        << "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262";
    // BIP86, first receiving address of account 0
    QTest::newRow("86 P2TR") << "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr" << "mainnet"
                             << "5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c";
  }

  void segwitValidAddresses() {
    QFETCH(QString, address);
    QFETCH(QString, network);
    QFETCH(QString, script);
    const DecodedAddress decoded = decodeAddress(address.toStdString(), "bitcoin", networkOf(network));
    QCOMPARE(hexOf(decoded.script), script);
    QCOMPARE(decoded.witnessVersion, decoded.script[0] == 0 ? 0 : decoded.script[0] - 0x50);
    QCOMPARE(hexOf(decoded.program), script.mid(4));
    QVERIFY(decoded.type == scriptType(decoded.script));
    QCOMPARE(QString::fromStdString(encodeAddress(decoded.script, "bitcoin", networkOf(network))), address.toLower());
  }

  void segwitInvalidAddresses_data() {
    QTest::addColumn<QByteArray>("address");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("reason");
    // BIP350: invalid segwit addresses (the BIP's reason is the row name)
    QTest::newRow("350 invalid human-readable part")
        << QByteArray("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut") << "mainnet"
        << "the prefix 'tc1' is not a Bitcoin or Litecoin one";
    QTest::newRow("350 Bech32 instead of Bech32m v1")
        << QByteArray("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd") << "mainnet"
        << "witness version 1 addresses use Bech32m, but this one has a Bech32 checksum";
    QTest::newRow("350 Bech32 instead of Bech32m v2")
        << QByteArray("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf") << "testnet"
        << "witness version 2 addresses use Bech32m, but this one has a Bech32 checksum";
    QTest::newRow("350 Bech32 instead of Bech32m v16")
        << QByteArray("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL") << "mainnet"
        << "witness version 16 addresses use Bech32m, but this one has a Bech32 checksum";
    QTest::newRow("350 Bech32m instead of Bech32 P2WPKH")
        << QByteArray("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh") << "mainnet"
        << "witness version 0 addresses use Bech32, but this one has a Bech32m checksum";
    QTest::newRow("350 Bech32m instead of Bech32 P2WSH")
        << QByteArray("tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47") << "testnet"
        << "witness version 0 addresses use Bech32, but this one has a Bech32m checksum";
    QTest::newRow("350 invalid character in checksum")
        << QByteArray("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4") << "mainnet"
        << "'o' at position 59 is not a Bech32 character";
    QTest::newRow("350 invalid witness version")
        << QByteArray("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R") << "mainnet"
        << "witness version 17 is above 16";
    QTest::newRow("350 program length 1 byte") << QByteArray("bc1pw5dgrnzv") << "mainnet"
                                               << "the witness program is 1 byte; it must be 2 to 40 bytes";
    QTest::newRow("350 program length 41 bytes")
        << QByteArray("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav") << "mainnet"
        << "the witness program is 41 bytes; it must be 2 to 40 bytes";
    QTest::newRow("350 program length for version 0")
        << QByteArray("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P") << "mainnet"
        << "the version 0 witness program is 16 bytes; it must be 20 (P2WPKH) or 32 (P2WSH)";
    QTest::newRow("350 mixed case")
        << QByteArray("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq") << "testnet"
        << "mixes upper and lower case";
    QTest::newRow("350 zero padding of more than 4 bits")
        << QByteArray("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf") << "mainnet"
        << "bits of padding; at most 4 are allowed";
    QTest::newRow("350 non-zero padding")
        << QByteArray("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j") << "testnet"
        << "padding bits at the end of the data are not zero";
    QTest::newRow("350 empty data section") << QByteArray("bc1gmk9yu") << "mainnet"
                                            << "no data before its checksum";
    // BIP173: invalid segwit addresses
    QTest::newRow("173 invalid human-readable part")
        << QByteArray("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty") << "mainnet"
        << "the prefix 'tc1' is not a Bitcoin or Litecoin one";
    QTest::newRow("173 invalid checksum") << QByteArray("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5") << "mainnet"
                                          << "checksum does not match";
    QTest::newRow("173 invalid witness version")
        << QByteArray("BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2") << "mainnet" << "witness version 17 is above 16";
    QTest::newRow("173 program length 1 byte") << QByteArray("bc1rw5uspcuh") << "mainnet"
                                               << "the witness program is 1 byte";
    QTest::newRow("173 program length 41 bytes")
        << QByteArray("bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90") << "mainnet"
        << "the witness program is 41 bytes";
    QTest::newRow("173 program length for version 0")
        << QByteArray("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P") << "mainnet"
        << "the version 0 witness program is 16 bytes";
    QTest::newRow("173 mixed case")
        << QByteArray("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7") << "testnet"
        << "mixes upper and lower case";
    QTest::newRow("173 zero padding of more than 4 bits")
        << QByteArray("bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du") << "mainnet" << "bits of padding; at most 4 are allowed";
    QTest::newRow("173 non-zero padding")
        << QByteArray("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv") << "testnet"
        << "padding bits at the end of the data are not zero";
    QTest::newRow("173 empty data section") << QByteArray("bc1gmk9yu") << "mainnet" << "no data before its checksum";
    // BIP173's valid version 1+ addresses carry Bech32 checksums, which BIP350 made invalid.
    QTest::newRow("173 valid v1, now Bech32 instead of Bech32m")
        << QByteArray("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx") << "mainnet"
        << "witness version 1 addresses use Bech32m, but this one has a Bech32 checksum (made by software older "
           "than BIP350)";
    QTest::newRow("173 valid v16, now Bech32 instead of Bech32m") << QByteArray("BC1SW50QA3JX3S") << "mainnet"
                                                                 << "witness version 16 addresses use Bech32m";
    QTest::newRow("173 valid v2, now Bech32 instead of Bech32m")
        << QByteArray("bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj") << "mainnet" << "witness version 2 addresses use Bech32m";
  }

  void segwitInvalidAddresses() {
    QFETCH(QByteArray, address);
    QFETCH(QString, network);
    QFETCH(QString, reason);
    const QString message =
        messageOf<AddressError>([&] { decodeAddress(toStd(address), "bitcoin", networkOf(network)); });
    VERIFY_REFUSED(message, reason);
  }

  void bip173HigherVersionsAreValidBech32Strings() {
    // Still valid as Bech32 text: only the segwit layer refuses them.
    for (const char* text : {"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
                             "BC1SW50QA3JX3S", "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj"}) {
      QVERIFY(decodeBech32(text).variant == Bech32Variant::Bech32);
      QVERIFY_THROWS_EXCEPTION(Bech32Error, decodeSegwit(text));
    }
  }

  // --- Bitcoin addresses with their scripts -----------------------------------------------------

  void bitcoinAddresses_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("type");
    QTest::newRow("genesis block P2PKH") << "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa" << "mainnet"
                                         << "76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac" << "P2PKH";
    // Bitcoin Core, src/test/data/key_io_valid.json
    QTest::newRow("mainnet P2PKH") << "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo" << "mainnet"
                                   << "76a914a31c06bd463e3923bc1aadbde48b16976c08071788ac" << "P2PKH";
    QTest::newRow("mainnet P2SH") << "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm" << "mainnet"
                                  << "a914373b819a068f32b7a6b38b6b38729647cfde01c287" << "P2SH";
    QTest::newRow("mainnet P2SH 2") << "3BZECeAH8gSKkjrTx8PwMrNQBLG18yHpvf" << "mainnet"
                                    << "a9146c382dcdf5b284760c8e3fead91f7422cd76aa8787" << "P2SH";
    QTest::newRow("testnet P2PKH") << "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ" << "testnet"
                                   << "76a914ce28b26c57472737f5c3561a1761185bd8589a4388ac" << "P2PKH";
    QTest::newRow("testnet P2SH") << "2NC2hEhe28ULKAJkW5MjZ3jtTMJdvXmByvK" << "testnet"
                                  << "a914ce0bba75891ff9ec60148d4bd4a09ee2dc5c933187" << "P2SH";
    QTest::newRow("regtest P2PKH") << "n4fajahJrAuKbN7uNsKjLjQkz9Qn5ewJXQ" << "regtest"
                                   << "76a914fdeca3b08e38af53d7c4c60e3ad208ce5066441088ac" << "P2PKH";
    QTest::newRow("regtest P2SH") << "2MxFajLApXpYk4VodBSZSt7rw8y4ryABkfA" << "regtest"
                                  << "a91436e9f191e0b75036a77f65e2eaa4752443233fbe87" << "P2SH";
    QTest::newRow("mainnet P2WPKH") << "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv" << "mainnet"
                                    << "00146100fc6343edc8c874496cb2f5bbfec88ea9b77c" << "P2WPKH";
    QTest::newRow("mainnet P2WSH") << "bc1qyucykdlhp62tezs0hagqury402qwhk589q80tqs5myh3rxq34nwqhkdhv7" << "mainnet"
                                   << "002027304b37f70e94bc8a0fbf500e0c957a80ebda87280ef58214d92f119811acdc" << "P2WSH";
    QTest::newRow("mainnet P2TR") << "bc1p83n3au0rjylefxq2nc2xh2y4jzz4pm6zxj4mw5pagdjjr2a9f36s6jjnnu" << "mainnet"
                                  << "51203c671ef1e3913f94980a9e146ba895908550ef4234abb7503d436521aba54c75" << "P2TR";
    QTest::newRow("mainnet v2") << "bc1z2rksukkjr8" << "mainnet" << "520250ed" << "witness (unknown version)";
    QTest::newRow("testnet P2WPKH") << "tb1qcrh3yqn4nlleplcez2yndq2ry8h9ncg3qh7n54" << "testnet"
                                    << "0014c0ef1202759fff90ff19128936814321ee59e111" << "P2WPKH";
    QTest::newRow("testnet P2TR") << "tb1p35n52jy6xkm4wd905tdy8qtagrn73kqdz73xe4zxpvq9t3fp50aqk3s6gz" << "testnet"
                                  << "51208d2745489a35b75734afa2da43817d40e7e8d80d17a26cd4460b0055c521a3fa" << "P2TR";
    QTest::newRow("testnet v3") << "tb1rgv5m6uvdk3kc7qsuz0c79v88ycr5w4wa" << "testnet"
                                << "53104329bd718db46d8f021c13f1e2b0e726" << "witness (unknown version)";
    QTest::newRow("regtest P2WPKH") << "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9" << "regtest"
                                    << "00146f58bac9506f9bfb821d62e69330410bb56f0085" << "P2WPKH";
    QTest::newRow("regtest P2WSH") << "bcrt1qan8gntac7z7me2ejt4hpru42ad2f759fmy0m3ejvs98656znv7eqga4uhv" << "regtest"
                                   << "0020ecce89afb8f0bdbcab325d6e11f2aaeb549f50a9d91fb8e64c814faa685367b2" << "P2WSH";
    QTest::newRow("regtest P2TR") << "bcrt1pfwxjqvtt4tcxrtdluukfmy2dv7xd2qzdfy6kajv5nwn4yam3wxkq3553uh" << "regtest"
                                  << "51204b8d20316baaf061adbfe72c9d914d678cd5004d49356ec9949ba752777171ac" << "P2TR";
    QTest::newRow("regtest v16 40 bytes")
        << "bcrt1sx6p8njlx7h9mc2agz4yg82dzne23050ncq72cneeecez2pst8mahn8xecsf8g6hzx94420" << "regtest"
        << "6028368279cbe6f5cbbc2ba8154883a9a29e5517d1f3c03cac4f39ce3225060b3efb799cd9c412746ae2"
        << "witness (unknown version)";
  }

  void bitcoinAddresses() {
    QFETCH(QString, address);
    QFETCH(QString, network);
    QFETCH(QString, script);
    QFETCH(QString, type);
    const DecodedAddress decoded = decodeAddress(address.toStdString(), "bitcoin", networkOf(network));
    QCOMPARE(hexOf(decoded.script), script);
    QCOMPARE(QString::fromStdString(std::string(addressTypeName(decoded.type))), type);
    QCOMPARE(QString::fromStdString(encodeAddress(decoded.script, "bitcoin", networkOf(network))), address);
    // Bech32 addresses are accepted in uppercase too.
    if (decoded.witnessVersion >= 0) {
      QCOMPARE(hexOf(decodeAddress(address.toUpper().toStdString(), "bitcoin", networkOf(network)).script), script);
    }
  }

  // --- Litecoin addresses with their scripts ----------------------------------------------------

  void litecoinAddresses_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("type");
    // Litecoin Core, src/test/data/key_io_valid.json
    QTest::newRow("mainnet P2PKH") << "LT2KVaAy1ppRuxRgrS5RNU3vBsy7RibPeA" << "mainnet"
                                   << "76a914558dbca7118cd5894502767c7b2ffc21a22f54db88ac" << "P2PKH";
    QTest::newRow("mainnet P2PKH 2") << "LbfVMz974gbbGFqXF7FZUpSBWSbwBHDwR5" << "mainnet"
                                     << "76a914b4565f467408e9e1c1d2a3b0ccdeff84db3a3b9388ac" << "P2PKH";
    QTest::newRow("mainnet P2SH") << "MHrYRxAiMNBTku3eoDHwhA1LQGDjUStZW2" << "mainnet"
                                  << "a9146d328a5b2a20d943a641c8d29b6cc3c2d2df85d387" << "P2SH";
    QTest::newRow("mainnet P2SH 2") << "MWGEAUUZoN4r6puz8KsgnE9wNTQ8fGWCEy" << "mainnet"
                                    << "a914f54ec8d7b0c3f8ab8194db3432d19f8d44d03b1287" << "P2SH";
    QTest::newRow("testnet P2PKH") << "mwXn5Vhicdav8Av3KMokx4YNuHoGRKxtWs" << "testnet"
                                   << "76a914afa9e672141e283dfbcc1cf28f3793a856d3878488ac" << "P2PKH";
    QTest::newRow("testnet P2SH") << "QXaUgLHkZcbJb2j5XgMYzY8cF9YM48Y81Z" << "testnet"
                                  << "a9147860667e60a6545e18e541984094b29c9c46991b87" << "P2SH";
    QTest::newRow("testnet P2SH 2") << "QQjXG2nbVfxysmaEZQVL9TsS359WjDT5ux" << "testnet"
                                    << "a9142d4d6b05448a911116292a177c04f7f6bd29ea2c87" << "P2SH";
    QTest::newRow("regtest P2PKH") << "mpWvR79tSrA5xeziB6mjNYWdaVRwBpgnUP" << "regtest"
                                   << "76a91462b790654f809d32202587c6a43456ffc1965d8388ac" << "P2PKH";
    QTest::newRow("regtest P2SH") << "QgDNrG4nJpE4VV7PcFMFhkTgwAHWxWS7pj" << "regtest"
                                  << "a914d71bee7a1395c10c9ca9a7f53ac086b53e74369d87" << "P2SH";
    QTest::newRow("regtest P2SH 2") << "QfS38XTvXmuNFeyS8orinxHkDkonMDS1ih" << "regtest"
                                    << "a914ce88c090d0ee540cab7e2d2286f686434d33d61987" << "P2SH";
    // rust-litecoin's address tests
    QTest::newRow("mainnet P2PKH 3") << "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1" << "mainnet"
                                     << "76a91413c60d8e68d7349f5b4ca362c3954b15045061b188ac" << "P2PKH";
    QTest::newRow("mainnet P2SH 3") << "MVcg9uEvtWuP5N6V48EHfEtbz48qR8TKZ9" << "mainnet"
                                    << "a914ee34ac676bdaf6e370c8c820b948edfad3a873d887" << "P2SH";
    // BIP173's example program with Litecoin's prefixes, as published by Litecoin libraries
    QTest::newRow("mainnet P2WPKH") << "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9" << "mainnet"
                                    << "0014751e76e8199196d454941c45d1b3a323f1433bd6" << "P2WPKH";
    QTest::newRow("testnet P2WPKH") << "tltc1qw508d6qejxtdg4y5r3zarvary0c5xw7klfsuq0" << "testnet"
                                    << "0014751e76e8199196d454941c45d1b3a323f1433bd6" << "P2WPKH";
    QTest::newRow("testnet P2WSH") << "tltc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qsnr4fp" << "testnet"
                                   << "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262" << "P2WSH";
    QTest::newRow("regtest P2WSH") << "rltc1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesxuhrdn" << "regtest"
                                   << "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433" << "P2WSH";
    // BIP86's first receiving key with the ltc prefix (rust-litecoin)
    QTest::newRow("mainnet P2TR") << "ltc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxq4arnzx" << "mainnet"
                                  << "5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c" << "P2TR";
    QTest::newRow("mainnet P2TR counting bytes")
        << "ltc1pqqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0sts9tf8" << "mainnet"
        << "5120000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" << "P2TR";
    // Pay-to-anchor (OP_1 <0x4e73>), a version 1 program that is not taproot
    QTest::newRow("mainnet anchor") << "ltc1pfees06t9sd" << "mainnet" << "51024e73" << "witness (unknown version)";
    QTest::newRow("testnet anchor") << "tltc1pfeesm9jvdt" << "testnet" << "51024e73" << "witness (unknown version)";
    QTest::newRow("regtest anchor") << "rltc1pfees06p8ul" << "regtest" << "51024e73" << "witness (unknown version)";
  }

  void litecoinAddresses() {
    QFETCH(QString, address);
    QFETCH(QString, network);
    QFETCH(QString, script);
    QFETCH(QString, type);
    const DecodedAddress decoded = decodeAddress(address.toStdString(), "litecoin", networkOf(network));
    QCOMPARE(hexOf(decoded.script), script);
    QCOMPARE(QString::fromStdString(std::string(addressTypeName(decoded.type))), type);
    const QString canonical = decoded.witnessVersion < 0 ? address : address.toLower();
    QCOMPARE(QString::fromStdString(encodeAddress(decoded.script, "litecoin", networkOf(network))), canonical);
  }

  void litecoinLegacyP2shPrefixes_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("newPrefix");
    // Bitcoin Core's vectors: Litecoin still reads its old P2SH versions 0x05 and 0xc4.
    QTest::newRow("mainnet 3...") << "3BZECeAH8gSKkjrTx8PwMrNQBLG18yHpvf" << "mainnet"
                                  << "a9146c382dcdf5b284760c8e3fead91f7422cd76aa8787" << "M";
    QTest::newRow("testnet 2...") << "2NAeQVZayzVFAtgeC3iYJsjpjWDmsDph71A" << "testnet"
                                  << "a914bedc797342c03fd7a346c4c7857ca03d467013b687" << "Q";
    QTest::newRow("regtest 2...") << "2MxNm1VHyVU4RuP3u1c1v5aQLk2dQjwy1Qk" << "regtest"
                                  << "a91438456f7c076356abadcc67b92ad777eb20fb9f8887" << "Q";
  }

  void litecoinLegacyP2shPrefixes() {
    QFETCH(QString, address);
    QFETCH(QString, network);
    QFETCH(QString, script);
    QFETCH(QString, newPrefix);
    const DecodedAddress decoded = decodeAddress(address.toStdString(), "litecoin", networkOf(network));
    QVERIFY(decoded.type == AddressType::P2SH);
    QCOMPARE(hexOf(decoded.script), script);
    // Shown to people with the current prefix, which decodes to the same script.
    const std::string shown = encodeAddress(decoded.script, "litecoin", networkOf(network));
    QVERIFY2(QString::fromStdString(shown).startsWith(newPrefix), shown.c_str());
    QCOMPARE(decodeAddress(shown, "litecoin", networkOf(network)).script, decoded.script);
  }

  void litecoinAddressTypes_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("type");
    // Published without their scripts: the type, the program size and the round trip are checked.
    QTest::newRow("mainnet P2WSH") << "ltc1qwqdg6squsna38e46795at95yu9atm8azzmyvckulcc7kytlcckxsdgzjrh" << "mainnet"
                                   << "P2WSH";
    QTest::newRow("mainnet P2TR") << "ltc1paardr2nczq0rx5rqpfwnvpzm497zvux64y0f7wjgcs7xuuuh2nnqd8yawa" << "mainnet"
                                  << "P2TR";
    QTest::newRow("mainnet P2WPKH") << "ltc1qvzvkjn4q3nszqxrv3nraga2r822xjty3q2kjy7" << "mainnet" << "P2WPKH";
    QTest::newRow("testnet P2TR") << "tltc1pxdvk48nchp45mcg8pcht5ss8ladtxnl7mkr96lrw93q79g407ufqmelwuu" << "testnet"
                                  << "P2TR";
    QTest::newRow("testnet P2WSH") << "tltc1q8y9naxlsw7xay4jesqshnpeuc0ap8fg9ejm2j2memwq4ng87dk3s88nr5j" << "testnet"
                                   << "P2WSH";
    QTest::newRow("regtest P2WPKH") << "rltc1qjvuwa4wxg2cvxxkt9hacuujeweamzpu8gs3cvg" << "regtest" << "P2WPKH";
    QTest::newRow("regtest P2WSH") << "rltc1q6ea8y9xz4r6rnrllz5eycy8mwlph5ggkqrgqfjqjer7gseza73wqpe2c5z" << "regtest"
                                   << "P2WSH";
    QTest::newRow("regtest P2TR") << "rltc1p42kg89p4y6yeu0y7m44f7kp7u34dmq34znqscvfm58zqleftwrksy58jmd" << "regtest"
                                  << "P2TR";
  }

  void litecoinAddressTypes() {
    QFETCH(QString, address);
    QFETCH(QString, network);
    QFETCH(QString, type);
    const DecodedAddress decoded = decodeAddress(address.toStdString(), "litecoin", networkOf(network));
    QCOMPARE(QString::fromStdString(std::string(addressTypeName(decoded.type))), type);
    QCOMPARE(decoded.script.size(), decoded.program.size() + 2);
    QCOMPARE(QString::fromStdString(encodeAddress(decoded.script, "litecoin", networkOf(network))), address);
  }

  void sameProgramOnBothChains() {
    // The same key published with each chain's prefix decodes to the same script.
    const auto scriptOf = [](const char* address, const char* coin, Network network) {
      return hexOf(decodeAddress(address, coin, network).script);
    };
    QCOMPARE(scriptOf("rltc1qaq8t3pakcftpk095tnqfv5cmmczysls05c8zyn", "litecoin", Network::Regtest),
             scriptOf("bcrt1qaq8t3pakcftpk095tnqfv5cmmczysls024atnd", "bitcoin", Network::Regtest));
    QCOMPARE(scriptOf("TLTC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KLFSUQ0", "litecoin", Network::Testnet),
             scriptOf("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "bitcoin", Network::Testnet));
    QCOMPARE(scriptOf("ltc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxq4arnzx", "litecoin", Network::Mainnet),
             scriptOf("bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr", "bitcoin", Network::Mainnet));
  }

  void encodeAddressPrefixes_data() {
    QTest::addColumn<QString>("coin");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("prefixes");  // any of, separated by '|'
    const QString p2pkh = "76a914751e76e8199196d454941c45d1b3a323f1433bd688ac";
    const QString p2sh = "a914751e76e8199196d454941c45d1b3a323f1433bd687";
    const QString p2wpkh = "0014751e76e8199196d454941c45d1b3a323f1433bd6";
    const QString p2tr = "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    const struct {
      const char* coin;
      const char* network;
      const char* p2pkh;
      const char* p2sh;
      const char* hrp;
    } chains[] = {
        {"bitcoin", "mainnet", "1", "3", "bc1"},       {"bitcoin", "testnet", "m|n", "2", "tb1"},
        {"bitcoin", "regtest", "m|n", "2", "bcrt1"},   {"litecoin", "mainnet", "L", "M", "ltc1"},
        {"litecoin", "testnet", "m|n", "Q", "tltc1"}, {"litecoin", "regtest", "m|n", "Q", "rltc1"},
    };
    for (const auto& chain : chains) {
      const QString tag = QString(chain.coin) + " " + chain.network;
      QTest::newRow(qPrintable(tag + " P2PKH")) << chain.coin << chain.network << p2pkh << chain.p2pkh;
      QTest::newRow(qPrintable(tag + " P2SH")) << chain.coin << chain.network << p2sh << chain.p2sh;
      QTest::newRow(qPrintable(tag + " P2WPKH")) << chain.coin << chain.network << p2wpkh << QString(chain.hrp) + "q";
      QTest::newRow(qPrintable(tag + " P2TR")) << chain.coin << chain.network << p2tr << QString(chain.hrp) + "p";
    }
  }

  void encodeAddressPrefixes() {
    QFETCH(QString, coin);
    QFETCH(QString, network);
    QFETCH(QString, script);
    QFETCH(QString, prefixes);
    const Bytes scriptBytes = fromHex(script.toStdString());
    const std::string address = encodeAddress(scriptBytes, coin.toStdString(), networkOf(network));
    bool matches = false;
    for (const QString& prefix : prefixes.split('|')) matches |= QString::fromStdString(address).startsWith(prefix);
    QVERIFY2(matches, address.c_str());
    QCOMPARE(decodeAddress(address, coin.toStdString(), networkOf(network)).script, scriptBytes);
  }

  // --- Refusals -------------------------------------------------------------------------------

  void mwebAddressesRefused_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("network");
    // Litecoin Core's wallet tests and ltcd's MWEB tests
    QTest::newRow("mainnet")
        << "ltcmweb1qq20e2arnhvxw97katjkmsd35agw3capxjkrkh7dk8d30rczm8ypxuq329nwh2twmchhqn3jqh7ua4ps539f6aazh79jy76urq"
           "ht4qa59ts3at6gf"
        << "mainnet";
    QTest::newRow("mainnet uppercase")
        << "LTCMWEB1QQ20E2ARNHVXW97KATJKMSD35AGW3CAPXJKRKH7DK8D30RCZM8YPXUQ329NWH2TWMCHHQN3JQH7UA4PS539F6AAZH79JY76URQ"
           "HT4QA59TS3AT6GF"
        << "mainnet";
    QTest::newRow("testnet")
        << "tmweb1qqv0mlyyk7sl09jkcrgy059m5yplw567ypuj6lxpwkcw4tl8m59p7wq6jc6prtph5kf45kdlql8fjppr32nmwng34fs6ess9fq72c"
           "k7lfyvmr6s0c"
        << "testnet";
    QTest::newRow("testnet address to a mainnet pool")
        << "tmweb1qqv0mlyyk7sl09jkcrgy059m5yplw567ypuj6lxpwkcw4tl8m59p7wq6jc6prtph5kf45kdlql8fjppr32nmwng34fs6ess9fq72c"
           "k7lfyvmr6s0c"
        << "mainnet";
  }

  void mwebAddressesRefused() {
    QFETCH(QString, address);
    QFETCH(QString, network);
    const QString message =
        messageOf<AddressError>([&] { decodeAddress(address.toStdString(), "litecoin", networkOf(network)); });
    VERIFY_REFUSED(message, "MWEB addresses cannot receive coinbase outputs");
    QVERIFY(message.contains("use a regular Litecoin " + network + " address"));
  }

  void otherChainRefused_data() {
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("coin");
    QTest::addColumn<QString>("network");
    QTest::addColumn<QString>("reason");
    QTest::newRow("Litecoin testnet to mainnet pool")
        << "tltc1qw508d6qejxtdg4y5r3zarvary0c5xw7klfsuq0" << "litecoin" << "mainnet"
        << "this is a Litecoin testnet address, but the pool runs on Litecoin mainnet; a Litecoin mainnet address "
           "starts with L, M, 3 or ltc1";
    QTest::newRow("Litecoin testnet Q to mainnet pool") << "QXaUgLHkZcbJb2j5XgMYzY8cF9YM48Y81Z" << "litecoin"
                                                        << "mainnet"
                                                        << "this is a Litecoin testnet or regtest address, but the pool "
                                                           "runs on Litecoin mainnet";
    QTest::newRow("Litecoin mainnet to testnet pool") << "LT2KVaAy1ppRuxRgrS5RNU3vBsy7RibPeA" << "litecoin"
                                                      << "testnet"
                                                      << "this is a Litecoin mainnet address, but the pool runs on "
                                                         "Litecoin testnet";
    QTest::newRow("Litecoin regtest to testnet pool") << "rltc1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesxuhrdn"
                                                      << "litecoin" << "testnet"
                                                      << "this is a Litecoin regtest address, but the pool runs on "
                                                         "Litecoin testnet";
    QTest::newRow("Litecoin to Bitcoin pool") << "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9" << "bitcoin" << "mainnet"
                                              << "this is a Litecoin mainnet address, but the pool runs on Bitcoin "
                                                 "mainnet; a Bitcoin mainnet address starts with 1, 3 or bc1";
    QTest::newRow("Litecoin L to Bitcoin pool") << "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1" << "bitcoin" << "mainnet"
                                                << "this is a Litecoin mainnet address, but the pool runs on Bitcoin "
                                                   "mainnet";
    QTest::newRow("Bitcoin to Litecoin pool") << "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4" << "litecoin" << "mainnet"
                                              << "this is a Bitcoin mainnet address, but the pool runs on Litecoin "
                                                 "mainnet";
    QTest::newRow("Bitcoin 1 to Litecoin pool") << "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa" << "litecoin" << "mainnet"
                                                << "this is a Bitcoin mainnet address, but the pool runs on Litecoin "
                                                   "mainnet";
    QTest::newRow("Bitcoin testnet to mainnet pool") << "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx" << "bitcoin"
                                                     << "mainnet"
                                                     << "this is a Bitcoin testnet address, but the pool runs on "
                                                        "Bitcoin mainnet";
    QTest::newRow("Bitcoin regtest to testnet pool") << "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9" << "bitcoin"
                                                     << "testnet"
                                                     << "this is a Bitcoin regtest address, but the pool runs on "
                                                        "Bitcoin testnet; a Bitcoin testnet address starts with m, n, "
                                                        "2 or tb1";
    // Shared Base58 versions: the message names every chain the address could belong to.
    QTest::newRow("m... to mainnet pool") << "mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ" << "litecoin" << "mainnet"
                                          << "this is a Bitcoin or Litecoin testnet or regtest address, but the pool "
                                             "runs on Litecoin mainnet";
    QTest::newRow("3... to testnet pool") << "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm" << "bitcoin" << "testnet"
                                          << "this is a Bitcoin or Litecoin mainnet address, but the pool runs on "
                                             "Bitcoin testnet";
    QTest::newRow("2... to mainnet pool") << "2NC2hEhe28ULKAJkW5MjZ3jtTMJdvXmByvK" << "litecoin" << "mainnet"
                                          << "this is a Bitcoin or Litecoin testnet or regtest address";
    QTest::newRow("M... to Bitcoin pool") << "MHrYRxAiMNBTku3eoDHwhA1LQGDjUStZW2" << "bitcoin" << "mainnet"
                                          << "this is a Litecoin mainnet address, but the pool runs on Bitcoin mainnet";
    QTest::newRow("Q... to Bitcoin regtest pool") << "QgDNrG4nJpE4VV7PcFMFhkTgwAHWxWS7pj" << "bitcoin" << "regtest"
                                                  << "this is a Litecoin testnet or regtest address, but the pool runs "
                                                     "on Bitcoin regtest";
  }

  void otherChainRefused() {
    QFETCH(QString, address);
    QFETCH(QString, coin);
    QFETCH(QString, network);
    QFETCH(QString, reason);
    const QString message = messageOf<AddressError>(
        [&] { decodeAddress(address.toStdString(), coin.toStdString(), networkOf(network)); });
    VERIFY_REFUSED(message, reason);
  }

  void addressRefusals_data() {
    QTest::addColumn<QByteArray>("address");
    QTest::addColumn<QString>("reason");
    const auto withVersion = [](std::uint8_t version, std::size_t hashSize) {
      Bytes payload{version};
      payload.resize(1 + hashSize, 0x42);
      return QByteArray::fromStdString(encodeBase58Check(payload));
    };
    QTest::newRow("empty") << QByteArray() << "the address is empty";
    QTest::newRow("bad character") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0")
                                   << "'0' at position 33 is not a Base58 character";
    QTest::newRow("wrong checksum") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")
                                    << "the Base58Check checksum does not match";
    QTest::newRow("wrong Bech32 checksum") << QByteArray("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")
                                           << "the checksum does not match";
    QTest::newRow("Base58 too long") << QByteArray(129, '2') << "at most 128";
    QTest::newRow("Bech32 too long") << QByteArray("bc1") + QByteArray(88, 'q') << "Bech32 allows at most 90";
    QTest::newRow("hash of 19 bytes") << withVersion(0x00, 19)
                                      << "the address decodes to 20 bytes; a P2PKH or P2SH address holds 21";
    QTest::newRow("hash of 21 bytes") << withVersion(0x05, 21) << "the address decodes to 22 bytes";
    QTest::newRow("Dogecoin version") << withVersion(0x1e, 20)
                                      << "the address version byte 0x1e is not a Bitcoin or Litecoin one; a Bitcoin "
                                         "mainnet address starts with 1, 3 or bc1";
    QTest::newRow("unknown Bech32 prefix") << QByteArray("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty")
                                           << "the prefix 'tc1' is not a Bitcoin or Litecoin one; a Bitcoin mainnet "
                                              "address starts with 1, 3 or bc1";
    // Bitcoin Core's key_io_valid.json: a mainnet private key, uncompressed and compressed
    QTest::newRow("private key") << QByteArray("5JuW2AMDYu4xVwRG9DZW18VbzQrGcd5RCgb99sS6ehJsNQXu5b9")
                                 << "this is a private key (WIF), not an address";
    QTest::newRow("compressed private key") << QByteArray("L5nJeqKmpHp4P7F8ZYyjwc5a7P4d8EabuGAzfGJk7yC1BJyzNaEd")
                                            << "this is a private key (WIF)";
    QTest::newRow("v0 must be Bech32") << QByteArray("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh")
                                       << "witness version 0 addresses use Bech32, but this one has a Bech32m checksum";
    QTest::newRow("v1 must be Bech32m") << QByteArray("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")
                                        << "witness version 1 addresses use Bech32m";
    QTest::newRow("v0 program length") << QByteArray("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P")
                                       << "must be 20 (P2WPKH) or 32 (P2WSH)";
    QTest::newRow("program too short") << QByteArray("bc1pw5dgrnzv") << "it must be 2 to 40 bytes";
    QTest::newRow("version above 16") << QByteArray("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R")
                                      << "witness version 17 is above 16";
    QTest::newRow("mixed case") << QByteArray("bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4") << "mixes upper and lower case";
    QTest::newRow("leading space") << QByteArray(" bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4") << "a space at position 0";
    QTest::newRow("trailing space") << QByteArray("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa ") << "a space at position 34";
    QTest::newRow("Bech32 bad character") << QByteArray("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3tb")
                                          << "'b' at position 41 is not a Bech32 character";
    QTest::newRow("empty data") << QByteArray("bc1gmk9yu") << "no data before its checksum";
  }

  void addressRefusals() {
    QFETCH(QByteArray, address);
    QFETCH(QString, reason);
    const QString message =
        messageOf<AddressError>([&] { decodeAddress(toStd(address), "bitcoin", Network::Mainnet); });
    VERIFY_REFUSED(message, reason);
  }

  void addressErrorIsAnInvalidArgument() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decodeAddress("", "bitcoin", Network::Mainnet));
  }

  void unknownCoinRefused() {
    VERIFY_REFUSED(messageOf<AddressError>(
                       [] { decodeAddress("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "monero", Network::Mainnet); }),
                   "addresses of 'monero' are not handled by this decoder");
    const Bytes script = fromHex("0014751e76e8199196d454941c45d1b3a323f1433bd6");
    VERIFY_REFUSED(messageOf<AddressError>([&] { encodeAddress(script, "dogecoin", Network::Mainnet); }),
                   "addresses of 'dogecoin'");
  }

  // --- Scripts ----------------------------------------------------------------------------------

  void scriptTypes_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("type");
    QTest::newRow("P2PKH") << "76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac" << int(AddressType::P2PKH);
    QTest::newRow("P2SH") << "a914373b819a068f32b7a6b38b6b38729647cfde01c287" << int(AddressType::P2SH);
    QTest::newRow("P2WPKH") << "0014751e76e8199196d454941c45d1b3a323f1433bd6" << int(AddressType::P2WPKH);
    QTest::newRow("P2WSH") << "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"
                           << int(AddressType::P2WSH);
    QTest::newRow("P2TR") << "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                          << int(AddressType::P2TR);
    QTest::newRow("v1 of 2 bytes") << "51024e73" << int(AddressType::WitnessUnknown);
    QTest::newRow("v16 of 40 bytes")
        << "6028368279cbe6f5cbbc2ba8154883a9a29e5517d1f3c03cac4f39ce3225060b3efb799cd9c412746ae2"
        << int(AddressType::WitnessUnknown);
  }

  void scriptTypes() {
    QFETCH(QString, script);
    QFETCH(int, type);
    QCOMPARE(int(scriptType(fromHex(script.toStdString()))), type);
  }

  void nonStandardScriptsHaveNoAddress_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << "" << "the 0-byte script is not P2PKH, P2SH or a witness program";
    QTest::newRow("OP_RETURN") << "6a0401020304"
                               << "the 6-byte script 6a0401020304 is not P2PKH, P2SH or a witness program";
    QTest::newRow("P2PK") << "210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac"
                          << "is not P2PKH, P2SH or a witness program";
    QTest::newRow("P2PKH with a 19-byte push") << "76a913" + QString("00").repeated(19) + "88ac"
                                               << "is not P2PKH, P2SH or a witness program";
    QTest::newRow("v0 of 16 bytes") << "0010751e76e8199196d454941c45d1b3a323"
                                    << "version 0 witness program of 16 bytes";
    QTest::newRow("witness program of 1 byte") << "510175" << "is not P2PKH, P2SH or a witness program";
    QTest::newRow("witness program of 41 bytes")
        << "5129" + QString("00").repeated(41) << "is not P2PKH, P2SH or a witness program";
    QTest::newRow("OP_1NEGATE version") << "4f0401020304" << "is not P2PKH, P2SH or a witness program";
    QTest::newRow("OP_RESERVED version") << "500401020304" << "is not P2PKH, P2SH or a witness program";
    QTest::newRow("push length mismatch") << "0015751e76e8199196d454941c45d1b3a323f1433bd6"
                                          << "is not P2PKH, P2SH or a witness program";
  }

  void nonStandardScriptsHaveNoAddress() {
    QFETCH(QString, script);
    QFETCH(QString, reason);
    const Bytes bytes = fromHex(script.toStdString());
    VERIFY_REFUSED(messageOf<AddressError>([&] { scriptType(bytes); }), reason);
    VERIFY_REFUSED(messageOf<AddressError>([&] { encodeAddress(bytes, "litecoin", Network::Mainnet); }), reason);
  }
};

QTEST_APPLESS_MAIN(TestAddress)
#include "test_address.moc"
