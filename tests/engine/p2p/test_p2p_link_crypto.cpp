// The building blocks of encrypted peer links, run in memory: a full handshake then messages both
// ways; every handshake failure reached on the side that detects it (and refusals relayed to the
// opener); the secure channel refusing tampering, replay, reordering and truncation; the frame
// decoder on every split of a stream and on bad lengths; and the proof-of-work cost measured.
#include <QTest>

#include <chrono>
#include <random>

#include "crypto/key_exchange.hpp"
#include "p2p/frame_codec.hpp"
#include "p2p/handshake.hpp"
#include "p2p/secure_channel.hpp"

using namespace otedama;
using namespace otedama::p2p;

namespace {

constexpr std::uint64_t kNow = 1'700'000'000;
// Low enough to keep the suite fast; the default difficulty is measured in its own test.
constexpr std::uint8_t kTestBits = 10;

Hash32 filledHash(std::uint8_t value) {
  Hash32 hash;
  hash.fill(value);
  return hash;
}

const Hash32 kConsensus = filledHash(0x11);

NodeIdentity identityFromSeed(std::uint8_t value) { return NodeIdentity(crypto::ed25519FromSeed(Bytes(32, value))); }

AcceptorOptions testAcceptorOptions(std::uint8_t bits = kTestBits) {
  AcceptorOptions options;
  options.proofOfWorkBits = bits;
  return options;
}

std::string describe(const std::optional<HandshakeFailure>& failure) {
  if (!failure) return "no failure";
  return std::string(handshakeErrorName(failure->error)) + ": " + failure->text;
}

#define EXPECT_FAILURE(side, expected)                                                                \
  do {                                                                                                \
    QVERIFY2((side).failed(), "the handshake did not fail");                                          \
    QVERIFY2((side).failure()->error == (expected),                                                   \
             qPrintable(QString("expected %1, got %2")                                                \
                            .arg(QString::fromUtf8(handshakeErrorName(expected).data(),               \
                                                   int(handshakeErrorName(expected).size())))         \
                            .arg(QString::fromStdString(describe((side).failure())))));               \
  } while (0)

std::uint64_t solve(const ProofOfWorkTask& task) {
  const auto nonce = solveProofOfWork(task, std::uint64_t{1} << 32);
  if (!nonce) throw std::runtime_error("no proof of work found");
  return *nonce;
}

Bytes flipBit(Bytes bytes, std::size_t index, unsigned bit = 0) {
  bytes.at(index) ^= static_cast<std::uint8_t>(1u << bit);
  return bytes;
}

// An opener and an acceptor with their own identities, driven step by step.
struct Handshake {
  NodeIdentity openerIdentity = identityFromSeed(1);
  NodeIdentity acceptorIdentity = identityFromSeed(2);
  HandshakeOpener opener;
  HandshakeAcceptor acceptor;
  Bytes hello, welcome, proof;

  explicit Handshake(AcceptorOptions acceptorOptions = testAcceptorOptions(), OpenerOptions openerOptions = {},
                     const Hash32& acceptorConsensus = kConsensus)
      : opener(openerIdentity, kConsensus, std::move(openerOptions)),
        acceptor(acceptorIdentity, acceptorConsensus, acceptorOptions) {}

  void toWelcome() {
    hello = opener.hello(kNow);
    welcome = acceptor.onHello(hello, kNow);
  }
  bool toProof() {
    toWelcome();
    if (!opener.onWelcome(welcome)) return false;
    proof = opener.proof(solve(opener.proofOfWorkTask()));
    return true;
  }
};

// A proof the opener's key signs properly, with any nonce (to reach the acceptor's own checks).
Bytes signedProof(const NodeIdentity& signer, ByteSpan hello, ByteSpan welcome, std::uint64_t nonce) {
  ProofMessage message;
  message.nonce = nonce;
  Bytes bytes = encodeProof(message);
  const Hash32 hash = proofTranscriptHash(hello, welcome, ByteSpan(bytes).first(bytes.size() - 64));
  const auto signature = signer.sign(hash);
  std::copy(signature.begin(), signature.end(), bytes.end() - 64);
  return bytes;
}

// A welcome the given key signs properly, with any fields.
Bytes signedWelcome(const NodeIdentity& signer, ByteSpan hello, WelcomeMessage message) {
  Bytes bytes = encodeWelcome(message);
  const Hash32 hash = welcomeTranscriptHash(hello, ByteSpan(bytes).first(bytes.size() - 64));
  const auto signature = signer.sign(hash);
  std::copy(signature.begin(), signature.end(), bytes.end() - 64);
  return bytes;
}

std::vector<Bytes> drain(FrameDecoder& decoder) {
  std::vector<Bytes> frames;
  while (auto frame = decoder.next()) frames.push_back(std::move(*frame));
  return frames;
}

Bytes patterned(std::size_t size, std::uint8_t seed) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(seed + i * 31);
  return out;
}

bool throwsChannelError(SecureReceiver& receiver, ByteSpan ciphertext, const char* expectedText = nullptr) {
  try {
    receiver.open(ciphertext);
    return false;
  } catch (const SecureChannelError& error) {
    if (expectedText != nullptr && std::string(error.what()).find(expectedText) == std::string::npos) {
      qWarning("unexpected error text: %s", error.what());
      return false;
    }
    return true;
  }
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

class P2pLinkCryptoTest : public QObject {
  Q_OBJECT

 private slots:
  // ---- Key exchange ----

  void keyExchangeAgreesAndBindsToTranscript() {
    const auto client = crypto::x25519Generate();
    const auto server = crypto::x25519Generate();
    const auto clientKeys = crypto::clientSessionKeys(client, server.publicKey);
    const auto serverKeys = crypto::serverSessionKeys(server, client.publicKey);
    QVERIFY(clientKeys && serverKeys);
    QCOMPARE(clientKeys->tx, serverKeys->rx);
    QCOMPARE(clientKeys->rx, serverKeys->tx);
    QVERIFY(clientKeys->rx != clientKeys->tx);

    const auto boundClient = crypto::bindToTranscript(*clientKeys, filledHash(1));
    const auto boundServer = crypto::bindToTranscript(*serverKeys, filledHash(1));
    QCOMPARE(boundClient.tx, boundServer.rx);
    QCOMPARE(boundClient.rx, boundServer.tx);
    QVERIFY(boundClient.tx != clientKeys->tx);
    // Another transcript, other keys: a spliced handshake decrypts nothing.
    QVERIFY(crypto::bindToTranscript(*serverKeys, filledHash(2)).rx != boundClient.tx);

    // A low-order point (here the identity, all zeros) would make the shared secret known.
    QVERIFY(!crypto::clientSessionKeys(client, crypto::X25519PublicKey{}));
    QVERIFY(!crypto::serverSessionKeys(server, crypto::X25519PublicKey{}));
    QCOMPARE(crypto::x25519FromSeed(Bytes(32, 9)).publicKey, crypto::x25519FromSeed(Bytes(32, 9)).publicKey);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, crypto::x25519FromSeed(Bytes(31, 9)));
  }

  // ---- Full handshake, then the secure channel through frames ----

  void fullHandshakeThenMessagesBothWays() {
    Handshake h;
    h.hello = h.opener.hello(kNow);
    QCOMPARE(h.hello.size(), kHelloBytes);
    QVERIFY(h.opener.state() == HandshakeOpener::State::AwaitingWelcome);
    bool admissionAsked = false;
    h.welcome = h.acceptor.onHello(h.hello, kNow, [&](const crypto::Ed25519PublicKey& key) {
      admissionAsked = true;
      return key == h.openerIdentity.publicKey() ? std::nullopt : std::optional<Refusal>(Refusal{});
    });
    QVERIFY(admissionAsked);
    QCOMPARE(h.welcome.size(), kWelcomeBytes);
    QVERIFY(h.acceptor.state() == HandshakeAcceptor::State::AwaitingProof);
    QVERIFY2(h.opener.onWelcome(h.welcome), describe(h.opener.failure()).c_str());
    QCOMPARE(h.opener.peerIdentityKey(), h.acceptorIdentity.publicKey());
    QCOMPARE(int(h.opener.proofOfWorkTask().bits), int(kTestBits));
    h.proof = h.opener.proof(solve(h.opener.proofOfWorkTask()));
    QCOMPARE(h.proof.size(), kProofBytes);
    QVERIFY(h.opener.established());
    QVERIFY2(h.acceptor.onProof(h.proof), describe(h.acceptor.failure()).c_str());
    QVERIFY(h.acceptor.established());

    const EstablishedLink& openerSide = h.opener.link();
    const EstablishedLink& acceptorSide = h.acceptor.link();
    QCOMPARE(openerSide.peerIdentityKey, h.acceptorIdentity.publicKey());
    QCOMPARE(openerSide.peerId, h.acceptorIdentity.id());
    QCOMPARE(acceptorSide.peerIdentityKey, h.openerIdentity.publicKey());
    QCOMPARE(acceptorSide.peerId, h.openerIdentity.id());
    QCOMPARE(openerSide.keys.tx, acceptorSide.keys.rx);
    QCOMPARE(openerSide.keys.rx, acceptorSide.keys.tx);
    QVERIFY(openerSide.keys.tx != openerSide.keys.rx);
    QCOMPARE(openerSide.transcriptHash, acceptorSide.transcriptHash);
    QCOMPARE(openerSide.transcriptHash, linkTranscriptHash(h.hello, h.welcome, h.proof));

    // Each side sends its stream header as the first frame, then sealed frames; the bytes cross
    // in memory instead of TCP, one frame decoder per direction.
    SecureSender openerSender(openerSide.keys.tx);
    SecureSender acceptorSender(acceptorSide.keys.tx);
    FrameDecoder toAcceptor(kMaxHandshakeMessageBytes);  // still the handshake cap: raised below
    FrameDecoder toOpener;
    Bytes wire = encodeFrame(openerSender.header());
    const std::vector<Bytes> openerMessages{Bytes{42}, patterned(1000, 1), patterned(kMaxLinkMessageBytes, 2)};
    for (const Bytes& message : openerMessages) appendFrame(wire, openerSender.seal(message));
    QVERIFY(toAcceptor.feed(wire));
    auto headerFrame = toAcceptor.next();
    QVERIFY(headerFrame);
    toAcceptor.setMaxFrameBytes(kDefaultMaxFrameBytes);  // the handshake is over
    SecureReceiver acceptorReceiver(acceptorSide.keys.rx, *headerFrame);
    std::vector<Bytes> received;
    for (const Bytes& frame : drain(toAcceptor)) received.push_back(acceptorReceiver.open(frame));
    QVERIFY2(!toAcceptor.failed(), toAcceptor.error().c_str());
    QVERIFY(received == openerMessages);

    Bytes back = encodeFrame(acceptorSender.header());
    for (int i = 0; i < 100; ++i) appendFrame(back, acceptorSender.seal(patterned(1 + i, std::uint8_t(i))));
    QVERIFY(toOpener.feed(back));
    auto frames = drain(toOpener);
    QCOMPARE(frames.size(), std::size_t{101});
    SecureReceiver openerReceiver(openerSide.keys.rx, frames.front());
    for (int i = 0; i < 100; ++i) QCOMPARE(openerReceiver.open(frames[1 + i]), patterned(1 + i, std::uint8_t(i)));

    // Keys of one direction do not open the other.
    SecureReceiver wrongDirection(openerSide.keys.tx, acceptorSender.header());
    QVERIFY(throwsChannelError(wrongDirection, acceptorSender.seal(Bytes{1})));
  }

  void stepsOutOfOrderAreProgrammingErrors() {
    Handshake h;
    QVERIFY_THROWS_EXCEPTION(std::logic_error, h.opener.proofOfWorkTask());
    QVERIFY_THROWS_EXCEPTION(std::logic_error, h.opener.link());
    QVERIFY_THROWS_EXCEPTION(std::logic_error, h.acceptor.onProof(Bytes(kProofBytes)));
    h.toWelcome();
    QVERIFY_THROWS_EXCEPTION(std::logic_error, h.opener.hello(kNow));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, h.acceptor.onHello(h.hello, kNow));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, h.acceptor.refuse(RefusalReason::Banned, ""));
    QVERIFY(h.opener.onWelcome(h.welcome));
    // A nonce that misses the target is refused here rather than by the peer.
    std::uint64_t bad = 0;
    while (meetsProofOfWork(h.opener.proofOfWorkTask(), bad)) ++bad;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, h.opener.proof(bad));
    QVERIFY(!h.opener.failed());
  }

  // ---- Failures, each on the side that detects it ----

  void wrongConsensusIsRefusedAndRelayed() {
    Handshake h(testAcceptorOptions(), {}, filledHash(0x22));
    h.toWelcome();
    EXPECT_FAILURE(h.acceptor, HandshakeError::WrongConsensus);
    QCOMPARE(peekHandshakeMessageType(h.welcome), std::optional(HandshakeMessageType::Refusal));
    QVERIFY(!h.opener.onWelcome(h.welcome));
    EXPECT_FAILURE(h.opener, HandshakeError::RefusedByPeer);
    QCOMPARE(h.opener.failure()->peerReason, std::optional(RefusalReason::WrongConsensus));
    QVERIFY2(h.opener.failure()->text.find("wrong consensus id") != std::string::npos, h.opener.failure()->text.c_str());
    QVERIFY2(h.opener.failure()->text.find("2222") != std::string::npos, h.opener.failure()->text.c_str());
  }

  void wrongVersionIsRefusedOnBothSides() {
    {
      Handshake h;
      Bytes hello = h.opener.hello(kNow);
      hello[4] = 2;  // version 2, little-endian
      const Bytes reply = h.acceptor.onHello(hello, kNow);
      EXPECT_FAILURE(h.acceptor, HandshakeError::UnsupportedVersion);
      QVERIFY(!h.opener.onWelcome(reply));
      QCOMPARE(h.opener.failure()->peerReason, std::optional(RefusalReason::UnsupportedVersion));
    }
    {
      // A newer acceptor's refusal still reads, whatever its version.
      Handshake h;
      h.opener.hello(kNow);
      QVERIFY(!h.opener.onWelcome(encodeRefusal({RefusalReason::UnsupportedVersion, "speak v7"}, 7)));
      QCOMPARE(h.opener.failure()->peerReason, std::optional(RefusalReason::UnsupportedVersion));
    }
    {
      Handshake h;
      h.toWelcome();
      QVERIFY(!h.opener.onWelcome(flipBit(h.welcome, 5)));  // version's high byte
      EXPECT_FAILURE(h.opener, HandshakeError::UnsupportedVersion);
    }
    // A message of another version that is also longer is "unsupported version", not "malformed".
    Bytes longer = encodeHello(HelloMessage{.version = 2});
    longer.resize(longer.size() + 40);
    try {
      decodeHello(longer);
      QFAIL("a version 2 hello decoded");
    } catch (const HandshakeDecodeError& error) {
      QVERIFY(error.error() == HandshakeError::UnsupportedVersion);
    }
  }

  void badMagicIsRefused() {
    Handshake h;
    const Bytes reply = h.acceptor.onHello(flipBit(h.opener.hello(kNow), 0), kNow);
    EXPECT_FAILURE(h.acceptor, HandshakeError::BadMagic);
    QVERIFY(!h.opener.onWelcome(reply));
    QCOMPARE(h.opener.failure()->peerReason, std::optional(RefusalReason::MalformedMessage));

    Handshake other;
    other.toWelcome();
    QVERIFY(!other.opener.onWelcome(flipBit(other.welcome, 3, 7)));
    EXPECT_FAILURE(other.opener, HandshakeError::BadMagic);
  }

  void tamperedWelcomeFailsItsSignature() {
    // Every field the acceptor signs: identity, ephemeral key, challenge, difficulty, signature.
    for (const std::size_t index : {std::size_t{7}, std::size_t{7 + 32}, std::size_t{7 + 64}, std::size_t{7 + 96},
                                    std::size_t{kWelcomeBytes - 1}}) {
      Handshake h;
      h.toWelcome();
      QVERIFY(!h.opener.onWelcome(flipBit(h.welcome, index)));
      EXPECT_FAILURE(h.opener, HandshakeError::BadSignature);
    }
    // A genuine welcome from another handshake (another hello) does not verify either.
    Handshake first, second;
    first.toWelcome();
    second.toWelcome();
    QVERIFY(!second.opener.onWelcome(first.welcome));
    EXPECT_FAILURE(second.opener, HandshakeError::BadSignature);
  }

  void tamperedProofFailsItsSignature() {
    {
      Handshake h;
      QVERIFY(h.toProof());
      QVERIFY(!h.acceptor.onProof(flipBit(h.proof, kProofBytes - 1)));
      EXPECT_FAILURE(h.acceptor, HandshakeError::BadSignature);
    }
    {
      // A valid proof of work signed by someone else than the opener of the hello.
      Handshake h;
      QVERIFY(h.toProof());
      const std::uint64_t nonce = decodeProof(h.proof).nonce;
      QVERIFY(!h.acceptor.onProof(signedProof(identityFromSeed(9), h.hello, h.welcome, nonce)));
      EXPECT_FAILURE(h.acceptor, HandshakeError::BadSignature);
    }
  }

  void insufficientProofOfWorkIsRefused() {
    Handshake h(testAcceptorOptions(16));
    h.toWelcome();
    const WelcomeMessage welcome = decodeWelcome(h.welcome);
    const ProofOfWorkTask task{welcome.challenge, h.openerIdentity.publicKey(), welcome.proofOfWorkBits};
    std::uint64_t nonce = 0;
    while (meetsProofOfWork(task, nonce)) ++nonce;
    QVERIFY(!h.acceptor.onProof(signedProof(h.openerIdentity, h.hello, h.welcome, nonce)));
    EXPECT_FAILURE(h.acceptor, HandshakeError::BadProofOfWork);

    // A solution is bound to the opener's identity: another node's solution does not carry over.
    Handshake k(testAcceptorOptions(16));
    k.toWelcome();
    const WelcomeMessage kWelcome = decodeWelcome(k.welcome);
    const ProofOfWorkTask someoneElse{kWelcome.challenge, identityFromSeed(9).publicKey(), 16};
    const ProofOfWorkTask ours{kWelcome.challenge, k.openerIdentity.publicKey(), 16};
    std::uint64_t foreign = solve(someoneElse);
    while (meetsProofOfWork(ours, foreign)) foreign = *solveProofOfWork(someoneElse, UINT64_MAX, nullptr, foreign + 1);
    QVERIFY(!k.acceptor.onProof(signedProof(k.openerIdentity, k.hello, k.welcome, foreign)));
    EXPECT_FAILURE(k.acceptor, HandshakeError::BadProofOfWork);
  }

  void proofOfWorkTooHardIsDeclined() {
    OpenerOptions modest;
    modest.maxProofOfWorkBits = 20;
    Handshake h(testAcceptorOptions(21), modest);
    h.toWelcome();
    QVERIFY(!h.opener.onWelcome(h.welcome));
    EXPECT_FAILURE(h.opener, HandshakeError::ProofOfWorkTooHard);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             HandshakeAcceptor(identityFromSeed(2), kConsensus, testAcceptorOptions(kMaxProofOfWorkBits + 1)));
  }

  void clockSkewIsRefused() {
    for (const std::int64_t offset : {-121, 121, 100'000}) {
      Handshake h;
      const Bytes reply = h.acceptor.onHello(h.opener.hello(kNow + offset), kNow);
      EXPECT_FAILURE(h.acceptor, HandshakeError::ClockSkew);
      QVERIFY(!h.opener.onWelcome(reply));
      QCOMPARE(h.opener.failure()->peerReason, std::optional(RefusalReason::ClockSkew));
      QVERIFY2(h.opener.failure()->text.find(offset > 0 ? "ahead" : "behind") != std::string::npos,
               h.opener.failure()->text.c_str());
    }
    for (const std::int64_t offset : {-120, 120}) {
      Handshake h;
      h.acceptor.onHello(h.opener.hello(kNow + offset), kNow);
      QVERIFY2(!h.acceptor.failed(), describe(h.acceptor.failure()).c_str());
    }
    // Extremes of the field do not overflow the comparison.
    Handshake h;
    h.acceptor.onHello(h.opener.hello(UINT64_MAX), 0);
    EXPECT_FAILURE(h.acceptor, HandshakeError::ClockSkew);
  }

  void connectingToSelfIsRefused() {
    const NodeIdentity self = identityFromSeed(5);
    HandshakeOpener opener(self, kConsensus);
    HandshakeAcceptor acceptor(self, kConsensus, testAcceptorOptions());
    const Bytes hello = opener.hello(kNow);
    const Bytes reply = acceptor.onHello(hello, kNow);
    EXPECT_FAILURE(acceptor, HandshakeError::SelfConnection);
    QVERIFY(!opener.onWelcome(reply));
    QCOMPARE(opener.failure()->peerReason, std::optional(RefusalReason::SelfConnection));

    // The opener notices on its own too (a welcome signed with our own key).
    HandshakeOpener again(self, kConsensus);
    const Bytes secondHello = again.hello(kNow);
    WelcomeMessage welcome;
    welcome.identityKey = self.publicKey();
    welcome.ephemeralKey = crypto::x25519Generate().publicKey;
    welcome.proofOfWorkBits = kTestBits;
    QVERIFY(!again.onWelcome(signedWelcome(self, secondHello, welcome)));
    EXPECT_FAILURE(again, HandshakeError::SelfConnection);
  }

  void unexpectedPeerIsRefused() {
    OpenerOptions dialing;
    dialing.expectedPeer = identityFromSeed(7).publicKey();
    Handshake h(testAcceptorOptions(), dialing);
    h.toWelcome();
    QVERIFY(!h.opener.onWelcome(h.welcome));
    EXPECT_FAILURE(h.opener, HandshakeError::UnexpectedPeer);

    OpenerOptions right;
    right.expectedPeer = identityFromSeed(2).publicKey();
    Handshake ok(testAcceptorOptions(), right);
    QVERIFY(ok.toProof());
    QVERIFY(ok.acceptor.onProof(ok.proof));
  }

  void malformedHellosAreRefused() {
    std::mt19937 random(7);
    Handshake reference;
    const Bytes hello = reference.opener.hello(kNow);
    Bytes garbage(kHelloBytes);
    for (auto& byte : garbage) byte = static_cast<std::uint8_t>(random());
    Bytes longer = hello;
    longer.push_back(0);
    Bytes asProof = hello;
    asProof[6] = static_cast<std::uint8_t>(HandshakeMessageType::Proof);
    const std::vector<std::pair<Bytes, HandshakeError>> cases{
        {Bytes{}, HandshakeError::MalformedMessage},
        {Bytes(hello.begin(), hello.begin() + 6), HandshakeError::MalformedMessage},
        {Bytes(hello.begin(), hello.end() - 1), HandshakeError::MalformedMessage},
        {longer, HandshakeError::MalformedMessage},
        {asProof, HandshakeError::MalformedMessage},
        {garbage, HandshakeError::BadMagic},
        {Bytes(kMaxHandshakeMessageBytes, 0xff), HandshakeError::BadMagic},
    };
    for (const auto& [bytes, expected] : cases) {
      HandshakeAcceptor acceptor(identityFromSeed(2), kConsensus, testAcceptorOptions());
      const Bytes reply = acceptor.onHello(bytes, kNow);
      EXPECT_FAILURE(acceptor, expected);
      QVERIFY(decodeRefusal(reply).reason == RefusalReason::MalformedMessage);
    }
  }

  void malformedWelcomesAndRefusalsAreRefused() {
    std::vector<std::pair<Bytes, HandshakeError>> cases;
    {
      Handshake h;
      h.toWelcome();
      cases.push_back({Bytes(h.welcome.begin(), h.welcome.end() - 1), HandshakeError::MalformedMessage});
      Bytes longer = h.welcome;
      longer.push_back(0);
      cases.push_back({longer, HandshakeError::MalformedMessage});
      cases.push_back({Bytes{}, HandshakeError::MalformedMessage});
      cases.push_back({Bytes(kWelcomeBytes, 0), HandshakeError::BadMagic});
      cases.push_back({encodeHello(HelloMessage{}), HandshakeError::MalformedMessage});  // wrong type
    }
    Bytes refusal = encodeRefusal({RefusalReason::Banned, "go away"});
    cases.push_back({Bytes(refusal.begin(), refusal.end() - 1), HandshakeError::MalformedMessage});
    Bytes refusalLonger = refusal;
    refusalLonger.push_back('x');
    cases.push_back({refusalLonger, HandshakeError::MalformedMessage});
    Bytes refusalControl = refusal;
    refusalControl.at(kHandshakeHeaderBytes + 2) = '\n';  // the first character of the text
    cases.push_back({refusalControl, HandshakeError::MalformedMessage});
    cases.push_back({Bytes(refusal.begin(), refusal.begin() + kHandshakeHeaderBytes + 1), HandshakeError::MalformedMessage});
    for (const auto& [bytes, expected] : cases) {
      HandshakeOpener opener(identityFromSeed(1), kConsensus);
      opener.hello(kNow);
      QVERIFY(!opener.onWelcome(bytes));
      EXPECT_FAILURE(opener, expected);
    }

    // A properly signed welcome whose ephemeral key is a low-order point.
    const NodeIdentity acceptor = identityFromSeed(2);
    HandshakeOpener opener(identityFromSeed(1), kConsensus);
    const Bytes hello = opener.hello(kNow);
    WelcomeMessage weak;
    weak.identityKey = acceptor.publicKey();
    weak.proofOfWorkBits = kTestBits;
    QVERIFY(!opener.onWelcome(signedWelcome(acceptor, hello, weak)));
    EXPECT_FAILURE(opener, HandshakeError::MalformedMessage);
  }

  void malformedProofsAreRefused() {
    std::vector<std::pair<std::function<Bytes(const Handshake&)>, HandshakeError>> cases{
        {[](const Handshake& h) { return Bytes(h.proof.begin(), h.proof.end() - 1); }, HandshakeError::MalformedMessage},
        {[](const Handshake& h) {
           Bytes longer = h.proof;
           longer.push_back(0);
           return longer;
         },
         HandshakeError::MalformedMessage},
        {[](const Handshake& h) { return h.hello; }, HandshakeError::MalformedMessage},
        {[](const Handshake&) { return Bytes(kProofBytes, 0x5a); }, HandshakeError::BadMagic},
        {[](const Handshake& h) { return flipBit(h.proof, 4); }, HandshakeError::UnsupportedVersion},
    };
    for (const auto& [make, expected] : cases) {
      Handshake h;
      QVERIFY(h.toProof());
      QVERIFY(!h.acceptor.onProof(make(h)));
      EXPECT_FAILURE(h.acceptor, expected);
    }

    // An opener whose ephemeral key is a low-order point, signing everything properly: refused
    // when the acceptor agrees keys, after the work was checked.
    const NodeIdentity opener = identityFromSeed(1);
    HandshakeAcceptor acceptor(identityFromSeed(2), kConsensus, testAcceptorOptions());
    HelloMessage hello;
    hello.consensusId = kConsensus;
    hello.identityKey = opener.publicKey();
    hello.timestamp = kNow;
    const Bytes helloBytes = encodeHello(hello);
    const Bytes welcome = acceptor.onHello(helloBytes, kNow);
    const WelcomeMessage decoded = decodeWelcome(welcome);
    const std::uint64_t nonce = solve({decoded.challenge, opener.publicKey(), decoded.proofOfWorkBits});
    QVERIFY(!acceptor.onProof(signedProof(opener, helloBytes, welcome, nonce)));
    EXPECT_FAILURE(acceptor, HandshakeError::MalformedMessage);
  }

  void refusalsAreRelayedWithTheirReason() {
    {
      Handshake h;
      h.opener.hello(kNow);
      const Bytes refusal = h.acceptor.refuse(RefusalReason::TooManyPeers, "50 of 50 peers");
      EXPECT_FAILURE(h.acceptor, HandshakeError::RefusedLocally);
      QVERIFY(!h.opener.onWelcome(refusal));
      EXPECT_FAILURE(h.opener, HandshakeError::RefusedByPeer);
      QCOMPARE(h.opener.failure()->peerReason, std::optional(RefusalReason::TooManyPeers));
      QVERIFY(h.opener.failure()->text.find("too many peers (50 of 50 peers)") != std::string::npos);
    }
    {
      Handshake h;
      const Bytes hello = h.opener.hello(kNow);
      crypto::Ed25519PublicKey seen{};
      const Bytes reply = h.acceptor.onHello(hello, kNow, [&](const crypto::Ed25519PublicKey& key) {
        seen = key;
        return std::optional(Refusal{RefusalReason::Banned, "until tomorrow"});
      });
      QCOMPARE(seen, h.openerIdentity.publicKey());
      EXPECT_FAILURE(h.acceptor, HandshakeError::RefusedLocally);
      QVERIFY(!h.opener.onWelcome(reply));
      QCOMPARE(h.opener.failure()->peerReason, std::optional(RefusalReason::Banned));
    }
    {
      // A code from a newer peer is kept and named as unknown.
      HandshakeOpener opener(identityFromSeed(1), kConsensus);
      opener.hello(kNow);
      QVERIFY(!opener.onWelcome(encodeRefusal({static_cast<RefusalReason>(200), ""})));
      QCOMPARE(opener.failure()->peerReason, std::optional(static_cast<RefusalReason>(200)));
      QVERIFY(opener.failure()->text.find("unknown reason") != std::string::npos);
    }
    // Whatever the caller writes, the refusal stays decodable: cut to size, unprintables replaced.
    const Refusal sanitized = decodeRefusal(encodeRefusal({RefusalReason::Other, "bad\nline" + std::string(300, 'x')}));
    QCOMPARE(sanitized.text.size(), kMaxRefusalTextBytes);
    QCOMPARE(sanitized.text.substr(0, 8), std::string("bad?line"));
  }

  // ---- Secure channel ----

  void secureChannelRefusesTampering() {
    const auto keys = crypto::clientSessionKeys(crypto::x25519Generate(), crypto::x25519Generate().publicKey);
    QVERIFY(keys);
    SecureSender sender(keys->tx);
    const Bytes first = sender.seal(patterned(64, 1));
    QCOMPARE(first.size(), 64 + kSecureOverheadBytes);
    for (const std::size_t index : {std::size_t{0}, std::size_t{1}, std::size_t{20}, first.size() - 1}) {
      SecureReceiver receiver(keys->tx, sender.header());
      QVERIFY(throwsChannelError(receiver, flipBit(first, index, 3), "does not authenticate"));
      // Once broken, even the genuine message is refused: the link must close.
      QVERIFY(receiver.failed());
      QVERIFY(throwsChannelError(receiver, first, "already failed"));
    }
    // A flipped header bit gives another stream.
    SecureReceiver wrongHeader(keys->tx, flipBit(Bytes(sender.header().begin(), sender.header().end()), 5));
    QVERIFY(throwsChannelError(wrongHeader, first));
    QVERIFY_THROWS_EXCEPTION(SecureChannelError, SecureReceiver(keys->tx, Bytes(23)));
  }

  void secureChannelRefusesReplayReorderAndTruncation() {
    const auto keys = crypto::serverSessionKeys(crypto::x25519Generate(), crypto::x25519Generate().publicKey);
    QVERIFY(keys);
    SecureSender sender(keys->tx);
    const Bytes m1 = sender.seal(Bytes{1, 1, 1});
    const Bytes m2 = sender.seal(Bytes{2, 2, 2});
    const Bytes m3 = sender.seal(Bytes{3, 3, 3});
    {
      SecureReceiver receiver(keys->tx, sender.header());
      QCOMPARE(receiver.open(m1), (Bytes{1, 1, 1}));
      QVERIFY(throwsChannelError(receiver, m1, "does not authenticate"));  // replayed
    }
    {
      SecureReceiver receiver(keys->tx, sender.header());
      QVERIFY(throwsChannelError(receiver, m2, "does not authenticate"));  // reordered
    }
    {
      SecureReceiver receiver(keys->tx, sender.header());
      QCOMPARE(receiver.open(m1), (Bytes{1, 1, 1}));
      QVERIFY(throwsChannelError(receiver, m3, "does not authenticate"));  // one dropped
    }
    {
      SecureReceiver receiver(keys->tx, sender.header());
      QVERIFY(throwsChannelError(receiver, ByteSpan(m1).first(m1.size() - 1), "does not authenticate"));
    }
    for (const std::size_t size : {std::size_t{0}, kSecureOverheadBytes}) {
      SecureReceiver receiver(keys->tx, sender.header());
      QVERIFY(throwsChannelError(receiver, ByteSpan(m1).first(size), "truncated"));
    }
    {
      SecureReceiver receiver(keys->tx, sender.header());
      QCOMPARE(receiver.open(m1), (Bytes{1, 1, 1}));
      QCOMPARE(receiver.open(m2), (Bytes{2, 2, 2}));
      QCOMPARE(receiver.open(m3), (Bytes{3, 3, 3}));
    }
  }

  void secureChannelEnforcesSizeCaps() {
    const crypto::SessionKey key = filledHash(3);
    SecureSender sender(key);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sender.seal(Bytes{}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sender.seal(Bytes(kMaxLinkMessageBytes + 1)));
    const Bytes big = sender.seal(Bytes(1000, 7));
    SecureReceiver small(key, sender.header(), 999);
    QVERIFY(throwsChannelError(small, big, "above the cap"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SecureSender(key, kMaxLinkMessageBytes + 1));

    SecureSender moved = std::move(sender);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, sender.seal(Bytes{1}));  // NOLINT(bugprone-use-after-move)
    SecureReceiver receiver(key, moved.header());
    QCOMPARE(receiver.open(big), Bytes(1000, 7));
    QCOMPARE(receiver.open(moved.seal(Bytes{9})), Bytes{9});
  }

  // ---- Frames ----

  void framesSplitAtEveryByteBoundary() {
    const std::vector<Bytes> payloads{Bytes{1}, patterned(300, 5), Bytes{2, 3}, patterned(70, 9)};
    Bytes stream;
    for (const Bytes& payload : payloads) appendFrame(stream, payload);
    for (std::size_t split = 0; split <= stream.size(); ++split) {
      FrameDecoder decoder(1000);
      QVERIFY(decoder.feed(ByteSpan(stream).first(split)));
      std::vector<Bytes> frames = drain(decoder);
      QVERIFY(decoder.feed(ByteSpan(stream).subspan(split)));
      for (Bytes& frame : drain(decoder)) frames.push_back(std::move(frame));
      QVERIFY(frames == payloads);
      QCOMPARE(decoder.bufferedBytes(), std::size_t{0});
    }
    FrameDecoder byteByByte(1000);
    std::vector<Bytes> frames;
    for (const std::uint8_t byte : stream) {
      QVERIFY(byteByByte.feed(ByteSpan(&byte, 1)));
      for (Bytes& frame : drain(byteByByte)) frames.push_back(std::move(frame));
    }
    QVERIFY(frames == payloads);
  }

  void manyFramesInOneFeed() {
    Bytes stream;
    for (int i = 0; i < 5000; ++i) appendFrame(stream, patterned(1 + i % 50, std::uint8_t(i)));
    FrameDecoder decoder;
    QVERIFY(decoder.feed(stream));
    const std::vector<Bytes> frames = drain(decoder);
    QCOMPARE(frames.size(), std::size_t{5000});
    for (int i = 0; i < 5000; ++i) QCOMPARE(frames[i], patterned(1 + i % 50, std::uint8_t(i)));
    QVERIFY(!decoder.failed());
  }

  void badLengthsBreakTheStreamOnce() {
    {
      FrameDecoder decoder(100);
      Bytes stream = encodeFrame(Bytes(100, 1));  // exactly the cap: fine
      stream.insert(stream.end(), {101, 0, 0, 0});  // one above
      stream.insert(stream.end(), 50, 0);
      QVERIFY(decoder.feed(stream));
      const auto frames = drain(decoder);
      QCOMPARE(frames.size(), std::size_t{1});
      QVERIFY(decoder.failed());
      QVERIFY2(decoder.error().find("101 bytes is above the cap of 100") != std::string::npos, decoder.error().c_str());
      const std::string first = decoder.error();
      QVERIFY(!decoder.feed(encodeFrame(Bytes{1})));  // refused after the error
      QVERIFY(!decoder.next());
      QCOMPARE(decoder.error(), first);  // reported once, not replaced
      QCOMPARE(decoder.bufferedBytes(), std::size_t{0});
    }
    {
      FrameDecoder decoder;
      QVERIFY(decoder.feed(Bytes{0, 0, 0, 0, 9}));
      QVERIFY(!decoder.next());
      QVERIFY(decoder.failed());
      QVERIFY2(decoder.error().find("length 0") != std::string::npos, decoder.error().c_str());
      QVERIFY(!decoder.feed(Bytes{1}));
    }
    {
      // The largest length field: refused from the header alone, nothing reserved for it.
      FrameDecoder decoder;
      QVERIFY(decoder.feed(Bytes{0xff, 0xff, 0xff, 0xff}));
      QVERIFY(!decoder.next());
      QVERIFY(decoder.failed());
    }
    {
      // A cap lowered for the handshake judges frames already buffered when they are reached.
      FrameDecoder decoder(kMaxHandshakeMessageBytes);
      Bytes stream = encodeFrame(Bytes(10, 1));
      appendFrame(stream, Bytes(kMaxHandshakeMessageBytes + 1, 2));
      QVERIFY(decoder.feed(stream));
      QVERIFY(decoder.next());
      QVERIFY(!decoder.next());
      QVERIFY(decoder.failed());
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodeFrame(Bytes{}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodeFrame(Bytes(11), 10));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, FrameDecoder(0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, FrameDecoder(std::size_t{1} << 32));
  }

  void frameDecoderSurvivesRandomBytes() {
    std::mt19937 random(11);
    for (int round = 0; round < 2000; ++round) {
      FrameDecoder decoder(64);
      std::size_t fed = 0;
      for (int piece = 0; piece < 8; ++piece) {
        Bytes bytes(random() % 40);
        // Mostly small lengths so frames do complete, sometimes anything.
        for (auto& byte : bytes) byte = static_cast<std::uint8_t>(random() % 4 == 0 ? random() : random() % 3);
        if (!decoder.feed(bytes)) break;
        fed += bytes.size();
        while (auto frame = decoder.next()) QVERIFY(!frame->empty() && frame->size() <= 64);
        QVERIFY(decoder.bufferedBytes() <= fed);
      }
    }
  }

  // ---- Proof of work ----

  void proofOfWorkCountsLeadingZeroBits() {
    Hash32 hash{};
    QCOMPARE(leadingZeroBits(hash), 256u);
    hash[0] = 0x80;
    QCOMPARE(leadingZeroBits(hash), 0u);
    hash[0] = 0x01;
    QCOMPARE(leadingZeroBits(hash), 7u);
    hash[0] = 0;
    hash[2] = 0x10;
    QCOMPARE(leadingZeroBits(hash), 19u);

    const ProofOfWorkTask task{filledHash(4), identityFromSeed(1).publicKey(), 12};
    const auto nonce = solveProofOfWork(task, 1 << 24);
    QVERIFY(nonce);
    QVERIFY(meetsProofOfWork(task, *nonce));
    QVERIFY(leadingZeroBits(proofOfWorkHash(task, *nonce)) >= 12);
    // The search starts where told and gives up when told.
    QCOMPARE(solveProofOfWork(task, 1 << 24, nullptr, *nonce), nonce);
    QVERIFY(!solveProofOfWork(ProofOfWorkTask{task.challenge, task.openerIdentityKey, 32}, 1000));
    std::atomic<bool> cancel{true};
    QVERIFY(!solveProofOfWork(ProofOfWorkTask{task.challenge, task.openerIdentityKey, 32}, UINT64_MAX, &cancel));
  }

  // Not asserted: what opening a link costs the opener at the default difficulty, and what
  // checking it costs the acceptor, on this machine.
  void measureProofOfWorkCost() {
    constexpr int runs = 8;
    double solving = 0, welcoming = 0, checkingProofs = 0;
    std::uint64_t attempts = 0;
    for (int run = 0; run < runs; ++run) {
      Handshake h{AcceptorOptions{}};
      h.hello = h.opener.hello(kNow);
      auto start = std::chrono::steady_clock::now();
      h.welcome = h.acceptor.onHello(h.hello, kNow);
      welcoming += secondsSince(start);
      QVERIFY(h.opener.onWelcome(h.welcome));
      const ProofOfWorkTask task = h.opener.proofOfWorkTask();
      QCOMPARE(int(task.bits), int(kDefaultProofOfWorkBits));
      start = std::chrono::steady_clock::now();
      const std::uint64_t nonce = solve(task);
      solving += secondsSince(start);
      attempts += nonce + 1;
      h.proof = h.opener.proof(nonce);
      start = std::chrono::steady_clock::now();
      QVERIFY2(h.acceptor.onProof(h.proof), describe(h.acceptor.failure()).c_str());
      checkingProofs += secondsSince(start);
    }
    const ProofOfWorkTask task{filledHash(4), identityFromSeed(1).publicKey(), kDefaultProofOfWorkBits};
    constexpr int checks = 20000;
    int met = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < checks; ++i) met += meetsProofOfWork(task, std::uint64_t(i)) ? 1 : 0;
    const double checking = secondsSince(start) / checks;
    qInfo("link proof of work at %d bits: opener %.3f s on average over %d handshakes (%.0f hashes, %.2f us each); "
          "acceptor: proof-of-work check %.2f us (%d of %d random nonces met it), whole onHello %.0f us, "
          "whole onProof %.0f us",
          int(kDefaultProofOfWorkBits), solving / runs, runs, double(attempts) / runs, solving / attempts * 1e6,
          checking * 1e6, met, checks, welcoming / runs * 1e6, checkingProofs / runs * 1e6);
  }
};

QTEST_APPLESS_MAIN(P2pLinkCryptoTest)
#include "test_p2p_link_crypto.moc"
