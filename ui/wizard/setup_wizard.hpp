// The setup wizard: from nothing to a running pool node and miners pointed at it, without a
// manual. Welcome (a real pool, or the local test network) → chain → blockchain node (with a
// connection test) → payout address → network → summary (writes the configuration file
// otedama-node also reads, and starts the node) → connect your miners.
#pragma once

#include <QWizard>

#include "node/config.hpp"

namespace otedama::ui {

class WelcomePage;

class SetupWizard : public QWizard {
  Q_OBJECT

 public:
  enum PageId { WelcomePageId, ChainPageId, NodePageId, AddressPageId, NetworkPageId, SummaryPageId, ConnectPageId };

  // start: the values the pages begin with (the current configuration, or defaults); path: the
  // file the summary writes.
  SetupWizard(const node::Config& start, const QString& path, QWidget* parent = nullptr);

  bool sandboxChosen() const;
  const node::Config& config() const { return config_; }
  const QString& configPath() const { return path_; }

 signals:
  // The summary wrote the file: start the node with it (the wizard goes on to the miners page).
  void configWritten(const otedama::node::Config& config, const QString& path);

 private:
  node::Config config_;
  QString path_;
  WelcomePage* welcome_;
};

}  // namespace otedama::ui
