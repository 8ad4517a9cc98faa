// Test helper: reads the public proof-of-work vectors (pow.json) at test time.
#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <stdexcept>

namespace otedama::test {

inline QString powVectorsPath() {
  const QByteArray overridePath = qgetenv("OTEDAMA_POW_VECTORS");
  return overridePath.isEmpty() ? QStringLiteral(OTEDAMA_POW_VECTORS) : QString::fromLocal8Bit(overridePath);
}

// The vectors of one algorithm ("sha256d", "scrypt", "randomx", ...). Throws if the file is
// missing or holds no vector for the algorithm, so a test can never pass on zero vectors.
inline QJsonArray powVectors(const QString& algorithm) {
  QFile file(powVectorsPath());
  if (!file.open(QIODevice::ReadOnly)) throw std::runtime_error("cannot open " + powVectorsPath().toStdString());
  const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
  for (const QJsonValue& entry : document.array()) {
    const QJsonObject object = entry.toObject();
    if (object.value("algo").toString() == algorithm) {
      const QJsonArray vectors = object.value("vectors").toArray();
      if (vectors.isEmpty()) break;
      return vectors;
    }
  }
  throw std::runtime_error("no " + algorithm.toStdString() + " vectors in " + powVectorsPath().toStdString());
}

}  // namespace otedama::test
