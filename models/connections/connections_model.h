#pragma once

#include <QAbstractListModel>
#include <QString>
#include <QVector>

namespace routedeck::models {

// Where the routes come from: row 0 is the embedded core, the rows after it
// remote routedeckd admin endpoints in the order they were added. One row is
// active (the engine the window shows and edits). Tokens stay in memory; only
// addresses and token-file paths are worth persisting. UI thread only.
class ConnectionsModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum class State { Idle, Connecting, Connected, Failed };
  enum Role { AddressRole = Qt::UserRole + 1, StateRole, MessageRole, ActiveRole, RemoteRole, TokenFileRole };

  explicit ConnectionsModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

  // "" when `address` is a usable HOST:PORT, else why not.
  static QString addressError(const QString& address);

  void setEmbeddedLabel(const QString& label, bool running);
  // Adds (or, for a known address, updates the credentials of) a remote
  // endpoint; returns its row, or -1 when the address is not HOST:PORT.
  int addRemote(const QString& address, const QString& token = {}, const QString& tokenFile = {});
  bool removeRemote(int row);
  int rowOf(const QString& address) const;  // -1: unknown; "" is the embedded core
  QString address(int row) const;
  QString token(int row) const;
  QString tokenFile(int row) const;
  QStringList remoteAddresses() const;

  void setState(int row, State state, const QString& message = {});
  State state(int row) const;
  QString message(int row) const;
  void setActive(int row);
  int active() const { return m_active; }

 private:
  struct Entry {
    QString address;  // empty: the embedded core
    QString token;
    QString tokenFile;
    State state = State::Idle;
    QString message;
  };
  bool valid(int row) const { return row >= 0 && row < m_entries.size(); }
  void changed(int row);

  QVector<Entry> m_entries;
  QString m_embeddedLabel;
  bool m_embeddedRunning = false;
  int m_active = 0;
};

}  // namespace routedeck::models
