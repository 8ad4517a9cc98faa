// Miner command lines by algorithm.
#include "wizard/miner_commands.hpp"

#include <QCoreApplication>

namespace otedama::ui {

namespace {

// The miners' names and fields, in the translation context "otedama::ui::MinerCommands".
struct Words {
  Q_DECLARE_TR_FUNCTIONS(otedama::ui::MinerCommands)
};

}  // namespace

QVector<MinerCommand> minerCommands(const QString& algorithm, const QString& host, quint16 port, QString address) {
  if (address.isEmpty()) address = Words::tr("YOUR_ADDRESS");
  const QString url = QStringLiteral("stratum+tcp://%1:%2").arg(host).arg(port);
  const QString user = address + QStringLiteral(".rig1");
  const QString algo = algorithm.toLower();
  QVector<MinerCommand> commands;
  if (algo == QLatin1String("randomx")) {
    commands.push_back({QStringLiteral("XMRig"),
                        QStringLiteral("xmrig -o %1:%2 -u %3 -p x -a rx/0").arg(host).arg(port).arg(user)});
    return commands;
  }
  if (algo == QLatin1String("scrypt") || algo == QLatin1String("sha256d")) {
    commands.push_back(
        {Words::tr("cpuminer (minerd)"), QStringLiteral("minerd -a %1 -o %2 -u %3 -p x").arg(algo, url, user)});
    commands.push_back({Words::tr("cgminer / bfgminer style"),
                        QStringLiteral("cgminer %1-o %2 -u %3 -p x")
                            .arg(algo == QLatin1String("scrypt") ? QStringLiteral("--scrypt ") : QString(), url,
                                 user)});
    commands.push_back({Words::tr("ASIC miner (its web page)"),
                        Words::tr("Pool URL: %1   Worker: %2   Password: x").arg(url, user)});
    return commands;
  }
  commands.push_back({Words::tr("Any stratum miner"), Words::tr("URL: %1   User: %2   Password: x").arg(url, user)});
  return commands;
}

}  // namespace otedama::ui
