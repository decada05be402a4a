#include "models/connections/connections_model.h"

#include <QRegularExpression>

namespace routedeck::models {

ConnectionsModel::ConnectionsModel(QObject* parent) : QAbstractListModel(parent) {
  Entry embedded;
  embedded.state = State::Connected;
  m_entries.push_back(embedded);
}

int ConnectionsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QVariant ConnectionsModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const int row = index.row();
  const Entry& e = m_entries[row];
  switch (role) {
    case Qt::DisplayRole: {
      const QString mark = row == m_active ? QStringLiteral("● ") : QStringLiteral("○ ");
      if (row == 0) {
        return mark + tr("Embedded core — %1%2")
                          .arg(m_embeddedLabel.isEmpty() ? tr("starting…") : m_embeddedLabel,
                               m_embeddedRunning ? QString() : tr(" (stopped)"));
      }
      switch (e.state) {
        case State::Idle:
          return mark + tr("routedeckd %1 — not connected").arg(e.address);
        case State::Connecting:
          return mark + tr("routedeckd %1 — connecting…").arg(e.address);
        case State::Connected:
          return mark + tr("routedeckd %1 — connected").arg(e.address);
        case State::Failed:
          return mark + tr("routedeckd %1 — failed").arg(e.address);
      }
      return {};
    }
    case Qt::ToolTipRole:
      if (row == 0) {
        return tr("The proxy core inside this app. Double-click to show it.");
      }
      return e.message.isEmpty() ? tr("Double-click to connect to the admin API at %1").arg(e.address) : e.message;
    case AddressRole:
      return e.address;
    case StateRole:
      return static_cast<int>(e.state);
    case MessageRole:
      return e.message;
    case ActiveRole:
      return row == m_active;
    case RemoteRole:
      return row != 0;
    case TokenFileRole:
      return e.tokenFile;
    default:
      return {};
  }
}

QString ConnectionsModel::addressError(const QString& address) {
  const int colon = address.lastIndexOf(QLatin1Char(':'));
  if (colon <= 0) {
    return tr("\"%1\" is not HOST:PORT").arg(address);
  }
  QString host = address.left(colon);
  bool ok = false;
  const int port = address.mid(colon + 1).toInt(&ok);
  if (!ok || port < 1 || port > 65535) {
    return tr("\"%1\": the port must be a number from 1 to 65535").arg(address);
  }
  if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) {
    static const QRegularExpression v6(QStringLiteral("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$"));
    return v6.match(host.mid(1, host.size() - 2)).hasMatch()
               ? QString()
               : tr("\"%1\": not an IPv6 address in brackets").arg(address);
  }
  static const QRegularExpression hostName(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$"));
  return hostName.match(host).hasMatch() ? QString() : tr("\"%1\": \"%2\" is not a host name").arg(address, host);
}

void ConnectionsModel::changed(int row) {
  const QModelIndex i = index(row);
  emit dataChanged(i, i);
}

void ConnectionsModel::setEmbeddedLabel(const QString& label, bool running) {
  m_embeddedLabel = label;
  m_embeddedRunning = running;
  changed(0);
}

int ConnectionsModel::addRemote(const QString& address, const QString& token, const QString& tokenFile) {
  const QString a = address.trimmed();
  if (!addressError(a).isEmpty()) {
    return -1;
  }
  if (const int row = rowOf(a); row > 0) {
    m_entries[row].token = token;
    m_entries[row].tokenFile = tokenFile;
    changed(row);
    return row;
  }
  const int row = static_cast<int>(m_entries.size());
  beginInsertRows({}, row, row);
  m_entries.push_back(Entry{a, token, tokenFile, State::Idle, {}});
  endInsertRows();
  return row;
}

bool ConnectionsModel::removeRemote(int row) {
  if (!valid(row) || row == 0 || row == m_active) {
    return false;  // the active connection is switched away from first
  }
  beginRemoveRows({}, row, row);
  m_entries.removeAt(row);
  if (m_active > row) {
    --m_active;  // before endRemoveRows: views read the moved rows then
  }
  endRemoveRows();
  return true;
}

int ConnectionsModel::rowOf(const QString& address) const {
  for (int i = 0; i < m_entries.size(); ++i) {
    if (m_entries[i].address == address) {
      return i;
    }
  }
  return -1;
}

QString ConnectionsModel::address(int row) const { return valid(row) ? m_entries[row].address : QString(); }
QString ConnectionsModel::token(int row) const { return valid(row) ? m_entries[row].token : QString(); }
QString ConnectionsModel::tokenFile(int row) const { return valid(row) ? m_entries[row].tokenFile : QString(); }

QStringList ConnectionsModel::remoteAddresses() const {
  QStringList out;
  for (int i = 1; i < m_entries.size(); ++i) {
    out << m_entries[i].address;
  }
  return out;
}

void ConnectionsModel::setState(int row, State state, const QString& message) {
  if (!valid(row) || row == 0) {
    return;
  }
  m_entries[row].state = state;
  m_entries[row].message = message;
  changed(row);
}

ConnectionsModel::State ConnectionsModel::state(int row) const {
  return valid(row) ? m_entries[row].state : State::Idle;
}

QString ConnectionsModel::message(int row) const { return valid(row) ? m_entries[row].message : QString(); }

void ConnectionsModel::setActive(int row) {
  if (!valid(row) || row == m_active) {
    return;
  }
  const int before = m_active;
  m_active = row;
  changed(before);
  changed(row);
}

}  // namespace routedeck::models
