// Ready-to-copy command lines for the common miners of an algorithm, pointed at this pool: what
// the "connect your miners" page shows. Plain data, so it can be tested and translated.
#pragma once

#include <QString>
#include <QVector>

namespace otedama::ui {

struct MinerCommand {
  QString miner;    // "cpuminer (minerd)"
  QString command;  // the line to paste, or the fields for a miner configured in a web page
};

// algorithm: the chain's proof of work ("scrypt", "sha256d", "randomx", ...); host and port: the
// stratum endpoint miners reach; address: a payout address (a placeholder when empty).
QVector<MinerCommand> minerCommands(const QString& algorithm, const QString& host, quint16 port, QString address);

}  // namespace otedama::ui
