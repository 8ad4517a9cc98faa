// The wizard's blockchain node page: where the coin's own node (litecoind, ...) answers RPC and how
// to log in (user and password, or its cookie file), with a Test button that asks the node in the
// background whether the pool can use it — reachable, credentials, the right chain, synced, a
// block template — and says exactly what is wrong when not.
#pragma once

#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QThread>

#include "wizard/config_page.hpp"

namespace otedama::ui {

class NodePage : public ConfigPage {
  Q_OBJECT

 public:
  explicit NodePage(node::Config* config, QWidget* parent = nullptr);
  ~NodePage() override;

  void load(const node::Config& config) override;
  void apply(node::Config& config) const override;
  bool isComplete() const override;

  // Starts the check (what the Test button does); testFinished follows on the GUI thread.
  void test();
  bool testing() const { return testing_; }

 signals:
  void testFinished(bool ok, const QString& message);

 private:
  void updateAuthFields();

  QLineEdit* host_;
  QSpinBox* port_;
  QRadioButton* usePassword_;
  QRadioButton* useCookie_;
  QLineEdit* user_;
  QLineEdit* password_;
  QLineEdit* cookie_;
  QPushButton* browse_;
  QPushButton* testButton_;
  QLabel* result_;
  bool testing_ = false;
  QPointer<QThread> testThread_;  // the running test, if any
};

}  // namespace otedama::ui
