// The wizard's last page: how to point miners at this pool — the stratum URL with this machine's
// LAN address, command lines for the common miners of the chain's algorithm to copy, and what to
// check when a miner cannot connect.
#pragma once

#include <QVBoxLayout>

#include "wizard/config_page.hpp"

namespace otedama::ui {

class ConnectMinersPage : public ConfigPage {
  Q_OBJECT

 public:
  explicit ConnectMinersPage(node::Config* config, QWidget* parent = nullptr);

  void load(const node::Config& config) override;
  void apply(node::Config&) const override {}

  // Also the dashboard's "Connect miners…" help (the same content outside the wizard).
  static QWidget* makeContent(const node::Config& config, QWidget* parent);

 private:
  QVBoxLayout* layout_;
  QWidget* content_ = nullptr;
};

}  // namespace otedama::ui
