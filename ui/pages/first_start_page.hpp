// What the app shows when it has no configuration yet: set up a real pool with the wizard, try
// everything on a local test network (the sandbox: a private Litecoin regtest network, a node and
// a CPU miner, all started and removed by Otedama), or open an existing configuration file.
#pragma once

#include <QWidget>

namespace otedama::ui {

class FirstStartPage : public QWidget {
  Q_OBJECT

 public:
  explicit FirstStartPage(QWidget* parent = nullptr);

 signals:
  void sandboxChosen();
  void configFileChosen(const QString& path);
  void wizardChosen();
};

}  // namespace otedama::ui
