// Test harness: real litecoind regtest nodes.
#include "litecoind_regtest.hpp"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <signal.h>
#include <sys/prctl.h>

#include <stdexcept>

#include "free_port.hpp"

namespace otedama::test {

LitecoindRegtest::LitecoindRegtest(int nodeCount) : nodes_(std::size_t(nodeCount)) {
  for (int i = 0; i < nodeCount; ++i) {
    Node& n = nodes_[std::size_t(i)];
    n.p2pPort = freeLoopbackPort();
    n.rpcPort = freeLoopbackPort();
    n.dataDir = dir_.filePath(QString("node%1").arg(i));
    n.cookieAuth = i != 0;
    QDir().mkpath(n.dataDir);
  }
  for (int i = 0; i < nodeCount; ++i) writeConfig(i);
}

LitecoindRegtest::~LitecoindRegtest() {
  for (int i = 0; i < int(nodes_.size()); ++i) stopNode(i);
}

void LitecoindRegtest::writeConfig(int index) {
  const Node& n = nodes_[std::size_t(index)];
  QFile file(n.dataDir + "/litecoin.conf");
  if (!file.open(QIODevice::WriteOnly)) throw std::runtime_error("cannot write litecoin.conf");
  QString config = "regtest=1\nserver=1\nlisten=1\nprinttoconsole=0\n[regtest]\n";
  config += QString("port=%1\nrpcport=%2\nbind=127.0.0.1\nrpcbind=127.0.0.1\nrpcallowip=127.0.0.1\n")
                .arg(n.p2pPort)
                .arg(n.rpcPort);
  config += "fallbackfee=0.0002\ndiscover=0\ndnsseed=0\nlistenonion=0\nupnp=0\nnatpmp=0\n";
  if (!n.cookieAuth) config += QString("rpcuser=%1\nrpcpassword=%2\n").arg(kRpcUser, kRpcPassword);
  for (std::size_t other = 0; other < nodes_.size(); ++other) {
    if (int(other) != index) config += QString("connect=127.0.0.1:%1\n").arg(nodes_[other].p2pPort);
  }
  file.write(config.toUtf8());
}

QStringList LitecoindRegtest::cliBase(int index) const {
  const Node& n = nodes_[std::size_t(index)];
  return {"-datadir=" + n.dataDir, QString("-rpcport=%1").arg(n.rpcPort), "-rpcconnect=127.0.0.1"};
}

QString LitecoindRegtest::startNode(int index) {
  Node& n = nodes_[std::size_t(index)];
  n.process = std::make_unique<QProcess>();
  n.process->setProcessChannelMode(QProcess::MergedChannels);
  n.process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
  n.process->start("litecoind", {"-datadir=" + n.dataDir});
  if (!n.process->waitForStarted(30000)) return "cannot start litecoind: " + n.process->errorString();
  try {
    cli(index, {"-rpcwait", "getblockcount"}, 60000);  // -rpcwait retries until the RPC server is up
  } catch (const std::exception& e) {
    return QString("litecoind node %1 did not come up: %2 %3")
        .arg(index)
        .arg(e.what(), QString::fromUtf8(n.process->readAll()));
  }
  return {};
}

QString LitecoindRegtest::start() {
  for (int i = 0; i < int(nodes_.size()); ++i) {
    if (QString error = startNode(i); !error.isEmpty()) return error;
  }
  try {
    for (int i = 0; i < int(nodes_.size()); ++i) cli(i, {"createwallet", "harness"});
  } catch (const std::exception& e) {
    return QString("cannot create the harness wallets: %1").arg(e.what());
  }
  return {};
}

bool LitecoindRegtest::stopNode(int index) {
  Node& n = nodes_[std::size_t(index)];
  if (!n.process || n.process->state() == QProcess::NotRunning) return true;
  try {
    cli(index, {"stop"}, 30000);
  } catch (const std::exception&) {
    n.process->terminate();
  }
  if (!n.process->waitForFinished(60000)) {
    n.process->kill();
    n.process->waitForFinished(10000);
  }
  return n.process->state() == QProcess::NotRunning;
}

QJsonValue LitecoindRegtest::cli(int index, const QStringList& arguments, int timeoutMs) {
  QProcess process;
  process.start("litecoin-cli", cliBase(index) + arguments);
  if (!process.waitForFinished(timeoutMs)) {
    process.kill();
    process.waitForFinished();
    throw std::runtime_error("litecoin-cli " + arguments.join(' ').toStdString() + " timed out");
  }
  const QByteArray out = process.readAllStandardOutput().trimmed();
  if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
    throw std::runtime_error("litecoin-cli " + arguments.join(' ').toStdString() + ": " +
                             process.readAllStandardError().trimmed().toStdString());
  }
  QJsonParseError parseError{};
  const QJsonDocument document = QJsonDocument::fromJson(out, &parseError);
  if (parseError.error == QJsonParseError::NoError) {
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
  }
  // Scalars (numbers, plain strings) come back bare.
  bool isNumber = false;
  const double number = out.toDouble(&isNumber);
  if (isNumber) return number;
  return QString::fromUtf8(out);
}

QString LitecoindRegtest::mine(int index, int count) {
  const QString address = cli(index, {"getnewaddress"}).toString();
  const QJsonArray hashes = cli(index, {"generatetoaddress", QString::number(count), address}).toArray();
  if (hashes.isEmpty()) throw std::runtime_error("generatetoaddress mined nothing");
  return hashes.last().toString();
}

void LitecoindRegtest::waitForHeight(int index, int height) {
  const QJsonValue reached = cli(index, {"waitforblockheight", QString::number(height), "60000"});
  if (reached.toObject().value("height").toInt() < height) {
    throw std::runtime_error("node did not reach height " + std::to_string(height));
  }
}

chain::RpcEndpoint LitecoindRegtest::endpoint(int index) const {
  const Node& n = nodes_[std::size_t(index)];
  chain::RpcEndpoint endpoint;
  endpoint.host = "127.0.0.1";
  endpoint.port = n.rpcPort;
  if (n.cookieAuth) {
    endpoint.cookieFile = (n.dataDir + "/regtest/.cookie").toStdString();
  } else {
    endpoint.username = kRpcUser;
    endpoint.password = kRpcPassword;
  }
  return endpoint;
}

}  // namespace otedama::test
