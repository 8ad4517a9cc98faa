// The node identity: made once and kept (owner-only file), the same id after a restart, a damaged
// key file refused with a message, signatures that verify only for the signed bytes and key.
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <fstream>

#include "p2p/node_identity.hpp"

using namespace otedama;
using namespace otedama::p2p;

class P2pIdentityTest : public QObject {
  Q_OBJECT

 private slots:
  void identityIsMadeOnceAndKept() {
    QTemporaryDir dir;
    const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "data" / "node.key";
    const NodeIdentity first = NodeIdentity::loadOrCreate(file);
    struct stat info {};
    QCOMPARE(::stat(file.c_str(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
    const NodeIdentity again = NodeIdentity::loadOrCreate(file);
    QCOMPARE(again.publicKey(), first.publicKey());
    QCOMPARE(again.id(), first.id());
    QCOMPARE(first.id(), nodeIdOf(first.publicKey()));
    QVERIFY(NodeIdentity::generate().id() != first.id());
  }

  void damagedKeyFileIsRefused() {
    QTemporaryDir dir;
    const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "node.key";
    std::ofstream(file) << "otedama-node-key-v1\nnot hex\n";
    try {
      NodeIdentity::loadOrCreate(file);
      QFAIL("a damaged key file was accepted");
    } catch (const IdentityError& error) {
      QVERIFY2(std::string(error.what()).find("damaged") != std::string::npos, error.what());
    }
  }

  void signaturesBindBytesAndKey() {
    const NodeIdentity a = NodeIdentity::generate();
    const NodeIdentity b = NodeIdentity::generate();
    const Bytes message{1, 2, 3};
    const auto signature = a.sign(message);
    QVERIFY(crypto::ed25519Verify(a.publicKey(), message, signature));
    QVERIFY(!crypto::ed25519Verify(b.publicKey(), message, signature));
    QVERIFY(!crypto::ed25519Verify(a.publicKey(), Bytes{1, 2, 4}, signature));
    const Bytes seed(32, 7);
    QCOMPARE(crypto::ed25519FromSeed(seed).publicKey, crypto::ed25519FromSeed(seed).publicKey);
  }
};

QTEST_APPLESS_MAIN(P2pIdentityTest)
#include "test_p2p_identity.moc"
