// Titled box layout.
#include "widgets/titled_box.hpp"

#include <QHBoxLayout>
#include <QVBoxLayout>

namespace otedama::ui {

QWidget* titledBox(const QString& title, QWidget* content, QWidget* action, QLabel** caption) {
  auto* box = new QWidget;
  auto* header = new QHBoxLayout;
  auto* label = new QLabel(title, box);
  if (caption) *caption = label;
  header->addWidget(label, 1);
  if (action) header->addWidget(action);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(header);
  layout->addWidget(content, 1);
  return box;
}

}  // namespace otedama::ui
