// LAN address lookup through Qt's interface list.
#include "format/lan_address.hpp"

#include <QHostAddress>
#include <QNetworkInterface>

namespace otedama::ui {

namespace {

bool isPrivateIpv4(quint32 address) {
  return (address >> 24) == 10 || (address >> 20) == ((172u << 4) | 1u) || (address >> 16) == ((192u << 8) | 168u);
}

}  // namespace

QString lanAddress() {
  QString fallback;
  for (const QNetworkInterface& interface : QNetworkInterface::allInterfaces()) {
    const auto flags = interface.flags();
    if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning) ||
        (flags & QNetworkInterface::IsLoopBack)) {
      continue;
    }
    for (const QNetworkAddressEntry& entry : interface.addressEntries()) {
      const QHostAddress address = entry.ip();
      if (address.protocol() != QAbstractSocket::IPv4Protocol || address.isLoopback()) continue;
      if (isPrivateIpv4(address.toIPv4Address())) return address.toString();
      if (fallback.isEmpty()) fallback = address.toString();
    }
  }
  return fallback.isEmpty() ? QStringLiteral("127.0.0.1") : fallback;
}

QString stratumUrl(const QString& host, quint16 port) {
  return QStringLiteral("stratum+tcp://%1:%2").arg(host).arg(port);
}

}  // namespace otedama::ui
