// This machine's address on the local network, for the stratum URL people give their miners
// (miners run on other machines, so 127.0.0.1 is only the last resort).
#pragma once

#include <QString>

namespace otedama::ui {

// The first IPv4 address of an interface that is up, not loopback and private (10/8, 172.16/12,
// 192.168/16), else any non-loopback IPv4 address, else "127.0.0.1".
QString lanAddress();

// "stratum+tcp://192.168.1.20:3333"
QString stratumUrl(const QString& host, quint16 port);

}  // namespace otedama::ui
