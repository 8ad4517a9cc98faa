// The wizard's network page: the P2P port other nodes link to and the stratum port miners connect
// to, each checked to be free on this machine; the bootstrap nodes to join an existing pool (none:
// start a new one), and the most peers to keep.
#pragma once

#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>

#include "wizard/config_page.hpp"

namespace otedama::ui {

class NetworkPage : public ConfigPage {
  Q_OBJECT

 public:
  explicit NetworkPage(node::Config* config, QWidget* parent = nullptr);

  void load(const node::Config& config) override;
  void apply(node::Config& config) const override;
  bool isComplete() const override;

  // Ports this app's own running node holds: not "in use" for the settings dialog.
  void setOwnPorts(std::uint16_t p2p, std::uint16_t stratum);

 private:
  void checkPorts();
  void check();

  QSpinBox* p2pPort_;
  QSpinBox* stratumPort_;
  QPlainTextEdit* bootstrap_;
  QSpinBox* maxPeers_;
  QLabel* problem_;
  std::uint16_t ownP2p_ = 0, ownStratum_ = 0;
  QStringList portProblems_;  // from the last checkPorts()
  bool valid_ = false;
};

}  // namespace otedama::ui
