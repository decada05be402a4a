#pragma once

#include <QPair>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

namespace routedeck::models {

// The policy groups of one rule, each edited (and undone) as a whole.
enum class PolicyGroup { Timeouts, Retry, RateLimit, Cors, RequestHeaders, ResponseHeaders, Rewrite, Redirect, Mirror };
inline constexpr int kPolicyGroupCount = 9;

// What the Policies panel holds for a group. Durations are in ms (CORS max
// age in s, as every dialect writes it); nullopt is "not set", which is not
// zero: an unset timeout means none, an unset status the dialect default.
struct TimeoutsDraft {
  std::optional<qint64> requestMs;
  // One upstream attempt: Gateway API backendRequest, Istio/App Mesh per-try.
  std::optional<qint64> perTryMs;
  bool operator==(const TimeoutsDraft&) const = default;
};

struct RetryDraft {
  std::optional<int> attempts;  // retries after the first try
  QStringList retryOn;          // Envoy names: 5xx, gateway-error, reset, connect-failure...
  QVector<int> statusCodes;
  std::optional<qint64> backoffMs;
  std::optional<qint64> maxBackoffMs;
  bool operator==(const RetryDraft&) const = default;
};

// Token bucket: `requests` tokens every `perMs`, holding up to `burst`.
struct RateLimitDraft {
  int requests = 100;
  qint64 perMs = 1000;
  std::optional<int> burst;
  bool operator==(const RateLimitDraft&) const = default;
};

struct OriginDraft {
  QString type = QStringLiteral("Exact");  // Exact | Prefix | RegularExpression
  QString value;
  bool operator==(const OriginDraft&) const = default;
};

struct CorsDraft {
  QVector<OriginDraft> origins;
  QStringList methods;
  QStringList headers;
  QStringList exposeHeaders;
  std::optional<qint64> maxAgeS;
  std::optional<bool> credentials;
  bool operator==(const CorsDraft&) const = default;
};

struct HeaderOpsDraft {
  QVector<QPair<QString, QString>> set;
  QVector<QPair<QString, QString>> add;
  QStringList remove;
  bool empty() const { return set.isEmpty() && add.isEmpty() && remove.isEmpty(); }
  bool operator==(const HeaderOpsDraft&) const = default;
};

struct PathDraft {
  QString type;  // empty = keep the path | ReplaceFullPath | ReplacePrefixMatch
  QString value;
  bool operator==(const PathDraft&) const = default;
};

struct RewriteDraft {
  std::optional<QString> hostname;
  PathDraft path;
  bool operator==(const RewriteDraft&) const = default;
};

struct RedirectDraft {
  std::optional<QString> scheme;
  std::optional<QString> hostname;
  std::optional<int> port;
  PathDraft path;
  std::optional<int> statusCode;  // unset = 302 (Gateway API) / 301 (Istio)
  bool operator==(const RedirectDraft&) const = default;
};

struct MirrorDraft {
  QString backend;  // "name:port", as the backend choices list them
  std::optional<double> percent;  // unset = every request
  bool operator==(const MirrorDraft&) const = default;
};

// Every group of one rule.
struct PolicyDrafts {
  TimeoutsDraft timeouts;
  std::optional<RetryDraft> retry;
  std::optional<RateLimitDraft> rateLimit;
  std::optional<CorsDraft> cors;
  HeaderOpsDraft requestHeaders;
  HeaderOpsDraft responseHeaders;
  std::optional<RewriteDraft> rewrite;
  std::optional<RedirectDraft> redirect;
  std::optional<MirrorDraft> mirror;  // the first mirror; others stay as written
};

// "100 ms", "2 s", "1.5 s", "2 min": how the editor speaks of durations.
QString formatMillis(qint64 ms);

}  // namespace routedeck::models
