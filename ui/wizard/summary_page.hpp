// The wizard's summary: the configuration file it will write (the same JSON file otedama-node
// reads) and where; committing writes it and starts the node.
#pragma once

#include <QLabel>
#include <QPlainTextEdit>

#include "wizard/config_page.hpp"

namespace otedama::ui {

class SummaryPage : public ConfigPage {
  Q_OBJECT

 public:
  SummaryPage(node::Config* config, QString* path, QWidget* parent = nullptr);

  void load(const node::Config& config) override;
  void apply(node::Config&) const override {}
  // Writes the file; false (and the reason on the page) when it cannot.
  bool validatePage() override;

 signals:
  void configWritten(const otedama::node::Config& config, const QString& path);

 private:
  QString* path_;
  QLabel* where_;
  QPlainTextEdit* preview_;
  QLabel* error_;
};

}  // namespace otedama::ui
