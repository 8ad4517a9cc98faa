// Settings: the wizard's chain, blockchain node, payout and network pages as tabs over the current
// configuration. OK writes the file; a node that runs needs a restart to use it, which the window
// offers (settingsSaved tells it what changed).
#pragma once

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>

#include "node/config.hpp"

namespace otedama::ui {

class ConfigPage;
class NetworkPage;

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  // ownPorts: the P2P and stratum ports the running node holds (0: not running).
  SettingsDialog(const node::Config& current, const QString& path, std::uint16_t ownP2pPort, std::uint16_t ownStratumPort,
                 QWidget* parent = nullptr);

  const node::Config& config() const { return config_; }
  void accept() override;

 signals:
  void settingsSaved(const otedama::node::Config& config, const QString& path);

 private:
  void updateOk();

  node::Config config_;
  QString path_;
  QList<ConfigPage*> pages_;
  QDialogButtonBox* buttons_;
  QLabel* error_;
};

}  // namespace otedama::ui
