// Peer message codecs: every message round-trips; every truncation, trailing byte, unknown type
// and broken limit is refused by the decoder with a DecodeError naming the message; the encoder
// refuses to write what peers would refuse.
#include <QTest>

#include <random>

#include "p2p/messages.hpp"
#include "p2p_test_support.hpp"
#include "p2p/node_identity.hpp"
#include "util/serialize.hpp"

using namespace otedama;
using namespace otedama::p2p;

namespace {

std::vector<Message> everyMessage() { return test::sampleMessages(1); }

template <typename Change>
Bytes encodedWith(MessageType type, Change change) {
  for (Message message : everyMessage()) {
    if (messageType(message) == type) {
      Bytes bytes = encodeMessage(message);
      change(bytes);
      return bytes;
    }
  }
  return {};
}

}  // namespace

class P2pMessagesTest : public QObject {
  Q_OBJECT

 private slots:
  void everyMessageRoundTrips() {
    const auto all = everyMessage();
    QCOMPARE(all.size(), std::size_t(12));
    for (const Message& message : all) {
      const Bytes bytes = encodeMessage(message);
      QCOMPARE(bytes[0], static_cast<std::uint8_t>(messageType(message)));
      QVERIFY2(decodeMessage(bytes) == message, messageName(messageType(message)).data());
    }
    QCOMPARE(messageName(MessageType::SharechainBlock), std::string_view("sharechain:block"));
    QCOMPARE(messageName(MessageType::ShareVerification), std::string_view("share:verification"));
    const auto& verification = std::get<ShareVerification>(all[6]);
    QVERIFY(crypto::ed25519Verify(verification.verifier, verificationSigningBytes(verification), verification.signature));
    ShareVerification flipped = verification;
    flipped.accepted = true;
    QVERIFY(!crypto::ed25519Verify(flipped.verifier, verificationSigningBytes(flipped), flipped.signature));
  }

  void truncatedOrTrailingBytesAreRefused() {
    for (const Message& message : everyMessage()) {
      const Bytes bytes = encodeMessage(message);
      for (std::size_t length = 0; length < bytes.size(); ++length) {
        QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(ByteSpan(bytes).first(length)));
      }
      Bytes longer = bytes;
      longer.push_back(0);
      try {
        decodeMessage(longer);
        QFAIL("trailing byte accepted");
      } catch (const DecodeError& error) {
        QVERIFY2(std::string(error.what()).find(messageName(messageType(message))) == 0, error.what());
      }
    }
  }

  void brokenLimitsAreRefused() {
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0}));
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(Bytes{13, 0, 0, 0, 0, 0, 0, 0, 0}));
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(Bytes(kMaxMessageBytes + 1, 1)));
    // sharechain:block with a "more" flag of 2
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(encodedWith(MessageType::SharechainBlock, [](Bytes& b) {
                               b.back() = 2;
                             })));
    // sharechain:block claiming 65 shares
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(encodedWith(MessageType::SharechainBlock, [](Bytes& b) {
                               b[9] = 65;
                             })));
    // sharechain:request with maxShares 0
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(encodedWith(MessageType::SharechainRequest, [](Bytes& b) {
                               b[b.size() - 2] = 0;
                               b[b.size() - 1] = 0;
                             })));
    // peers:response with port 0
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(encodedWith(MessageType::PeersResponse, [](Bytes& b) {
                               b[2 + 32 + 16] = 0;
                               b[2 + 32 + 17] = 0;
                             })));
    // peer:status with a control character in the software name
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(encodedWith(MessageType::PeerStatus, [](Bytes& b) {
                               b.back() = '\n';
                             })));
    // template with a coinbase value above INT64_MAX
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeMessage(encodedWith(MessageType::TemplateUpdate, [](Bytes& b) {
                               b[1 + 32 + 12 + 7] = 0x80;
                             })));

    // The encoder refuses what a peer would refuse.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodeMessage(ShareSubmit{Bytes(kMaxShareBytes + 1, 1)}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodeMessage(ShareSubmit{Bytes{}}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             encodeMessage(SharechainBlock{1, std::vector<Bytes>(kMaxSharesPerMessage + 1, Bytes(10, 1)), false}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodeMessage(PeersRequest{0}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodeMessage(PeerStatus{{}, 0, {}, 0, 0, 0, std::string(65, 'a')}));
  }

  void randomBytesNeverCrashTheDecoder() {
    std::mt19937_64 random(5);
    std::size_t decoded = 0;
    for (int round = 0; round < 20000; ++round) {
      Bytes bytes(random() % 200);
      for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
      if (!bytes.empty()) bytes[0] = static_cast<std::uint8_t>(1 + random() % 12);
      try {
        decodeMessage(bytes);
        ++decoded;
      } catch (const DecodeError&) {
      }
    }
    qInfo("%zu of 20000 random messages happened to decode", decoded);
  }
};

QTEST_APPLESS_MAIN(P2pMessagesTest)
#include "test_p2p_messages.moc"
