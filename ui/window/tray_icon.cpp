// Tray icon, its menu and notifications.
#include "window/tray_icon.hpp"

#include <QAction>
#include <QIcon>
#include <QMenu>

namespace otedama::ui {

TrayIcon::TrayIcon(QObject* parent) : QObject(parent) {
  if (!QSystemTrayIcon::isSystemTrayAvailable()) return;
  icon_ = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/otedama.svg")), this);
  // The menu has no parent widget: the tray owns it for the app's lifetime.
  auto* menu = new QMenu;
  connect(this, &QObject::destroyed, menu, &QObject::deleteLater);
  menu->addAction(tr("Show Otedama"), this, &TrayIcon::showWindowRequested);
  start_ = menu->addAction(tr("Start"), this, &TrayIcon::startRequested);
  stop_ = menu->addAction(tr("Stop"), this, &TrayIcon::stopRequested);
  menu->addSeparator();
  menu->addAction(tr("Quit"), this, &TrayIcon::quitRequested);
  icon_->setContextMenu(menu);
  connect(icon_, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
    if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick) emit showWindowRequested();
  });
  setRunning(false);
  icon_->show();
}

bool TrayIcon::available() const { return icon_ != nullptr; }

void TrayIcon::setStatus(const QString& status) {
  if (icon_) icon_->setToolTip(QStringLiteral("Otedama — ") + status);
}

void TrayIcon::setRunning(bool running) {
  if (!icon_) return;
  start_->setEnabled(!running);
  stop_->setEnabled(running);
}

void TrayIcon::notify(const QString& title, const QString& message) {
  if (icon_) icon_->showMessage(title, message, QIcon(QStringLiteral(":/icons/otedama.svg")), 8000);
  emit notified(title, message);
}

}  // namespace otedama::ui
