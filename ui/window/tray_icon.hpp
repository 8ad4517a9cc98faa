// The system tray icon: the node's state in its tooltip, a menu to show the window, start, stop
// and quit, and notifications (a block found). Where the desktop has no tray (or in tests on the
// offscreen platform) it stays hidden and notifications only reach the notified() signal, which
// the window also shows in its status bar.
#pragma once

#include <QObject>
#include <QSystemTrayIcon>

class QAction;

namespace otedama::ui {

class TrayIcon : public QObject {
  Q_OBJECT

 public:
  explicit TrayIcon(QObject* parent = nullptr);

  bool available() const;
  void setStatus(const QString& status);
  void setRunning(bool running);
  void notify(const QString& title, const QString& message);

 signals:
  void showWindowRequested();
  void startRequested();
  void stopRequested();
  void quitRequested();
  void notified(const QString& title, const QString& message);

 private:
  QSystemTrayIcon* icon_ = nullptr;
  QAction* start_ = nullptr;
  QAction* stop_ = nullptr;
};

}  // namespace otedama::ui
