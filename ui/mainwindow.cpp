#include "mainwindow.h"

#include <QLabel>

namespace ds::ui {

MainWindow::MainWindow(const QString& scenario, QWidget* parent)
    : QMainWindow(parent), m_label(new QLabel(this)) {
    const QString name = scenario.isEmpty() ? QStringLiteral("(no scenario)") : scenario;
    m_label->setText(name);
    m_label->setAlignment(Qt::AlignCenter);
    QFont font = m_label->font();
    font.setPointSize(font.pointSize() * 2);
    m_label->setFont(font);
    setCentralWidget(m_label);
    setWindowTitle(name % QStringLiteral(" — dentryscope"));
}

} // namespace ds::ui
