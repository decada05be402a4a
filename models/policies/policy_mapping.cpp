#include "models/policies/policy_mapping.h"

#include <QCoreApplication>

namespace routedeck::models {

namespace {

namespace cm = core::model;

QString tr(const char* text) { return QCoreApplication::translate("PolicyEditor", text); }

std::optional<qint64> ms(const std::optional<cm::Duration>& d) {
  return d ? std::optional<qint64>(d->millis) : std::nullopt;
}

// Keeps the user's spelling ("24h") when the value did not change.
std::optional<cm::Duration> duration(std::optional<qint64> ms, const std::optional<cm::Duration>& old) {
  if (!ms) {
    return std::nullopt;
  }
  if (old && old->millis == *ms) {
    return old;
  }
  return cm::Duration::fromMillis(*ms);
}

std::optional<QString> qstr(const std::optional<std::string>& s) {
  return s ? std::optional<QString>(QString::fromStdString(*s)) : std::nullopt;
}
std::optional<std::string> sstr(const std::optional<QString>& s) {
  return s ? std::optional<std::string>(s->toStdString()) : std::nullopt;
}
QStringList qlist(const std::vector<std::string>& v) {
  QStringList out;
  for (const auto& s : v) out << QString::fromStdString(s);
  return out;
}
std::vector<std::string> slist(const QStringList& v) {
  std::vector<std::string> out;
  for (const auto& s : v) out.push_back(s.toStdString());
  return out;
}

HeaderOpsDraft headersOf(const cm::HeaderModifier& m) {
  HeaderOpsDraft d;
  for (const auto& h : m.set) d.set.append({QString::fromStdString(h.name), QString::fromStdString(h.value)});
  for (const auto& h : m.add) d.add.append({QString::fromStdString(h.name), QString::fromStdString(h.value)});
  d.remove = qlist(m.remove);
  return d;
}

cm::HeaderModifier headersFrom(const HeaderOpsDraft& d) {
  cm::HeaderModifier m;
  for (const auto& [n, v] : d.set) m.set.push_back({n.toStdString(), v.toStdString()});
  for (const auto& [n, v] : d.add) m.add.push_back({n.toStdString(), v.toStdString()});
  m.remove = slist(d.remove);
  return m;
}

PathDraft pathOf(const std::optional<cm::PathModifier>& p) {
  if (!p) return {};
  return {p->type == cm::PathModifierType::ReplaceFullPath ? QStringLiteral("ReplaceFullPath")
                                                           : QStringLiteral("ReplacePrefixMatch"),
          QString::fromStdString(p->value)};
}

std::optional<cm::PathModifier> pathFrom(const PathDraft& d) {
  if (d.type.isEmpty()) return std::nullopt;
  return cm::PathModifier{d.type == QLatin1String("ReplaceFullPath") ? cm::PathModifierType::ReplaceFullPath
                                                                     : cm::PathModifierType::ReplacePrefixMatch,
                          d.value.toStdString()};
}

QString originType(cm::StringMatchType t) {
  switch (t) {
    case cm::StringMatchType::Prefix: return QStringLiteral("Prefix");
    case cm::StringMatchType::RegularExpression: return QStringLiteral("RegularExpression");
    default: return QStringLiteral("Exact");
  }
}

cm::StringMatchType originType(const QString& t) {
  if (t == QLatin1String("Prefix")) return cm::StringMatchType::Prefix;
  if (t == QLatin1String("RegularExpression")) return cm::StringMatchType::RegularExpression;
  return cm::StringMatchType::Exact;
}

QString backendText(const cm::BackendRef& b) {
  QString s = QString::fromStdString(b.name);
  return b.port ? s + QLatin1Char(':') + QString::number(*b.port) : s;
}

cm::BackendRef backendFrom(const QString& text) {
  cm::BackendRef b;
  const int colon = text.lastIndexOf(QLatin1Char(':'));
  bool ok = false;
  const int port = colon > 0 ? text.mid(colon + 1).toInt(&ok) : 0;
  b.name = (ok ? text.left(colon) : text).trimmed().toStdString();
  if (ok) b.port = port;
  return b;
}

bool keepsPerTryInRetry(cm::Dialect d) { return d == cm::Dialect::Istio || d == cm::Dialect::AppMesh; }

std::optional<cm::Duration> perTryOf(const cm::RouteRule& r) {
  return r.retry && r.retry->perTryTimeout ? r.retry->perTryTimeout : r.timeouts.backendRequest;
}

std::optional<cm::RetryPolicy> retryWithoutPerTry(const cm::RouteRule& r) {
  auto p = r.retry;
  if (p) p->perTryTimeout.reset();
  if (p && *p == cm::RetryPolicy{}) return std::nullopt;  // held only the per-try timeout
  return p;
}

QString nonPositive(std::optional<qint64> v, const QString& what, const QString& unsetMeans) {
  if (v && *v <= 0) {
    return tr("%1 must be greater than 0 (leave it unset for %2)").arg(what, unsetMeans);
  }
  return {};
}

}  // namespace

QString formatMillis(qint64 ms) {
  if (ms < 1000 || ms % 100 != 0) return QStringLiteral("%1 ms").arg(ms);
  if (ms % 60000 == 0 && ms >= 60000) return QStringLiteral("%1 min").arg(ms / 60000);
  return QStringLiteral("%1 s").arg(QString::number(ms / 1000.0, 'g', 6));
}

PolicyDrafts draftsOf(const cm::RouteRule& rule) {
  PolicyDrafts d;
  d.timeouts.requestMs = ms(rule.timeouts.request);
  d.timeouts.perTryMs = ms(perTryOf(rule));
  if (auto r = retryWithoutPerTry(rule)) {
    RetryDraft rd;
    rd.attempts = r->attempts;
    rd.retryOn = qlist(r->retryOn);
    for (int c : r->statusCodes) rd.statusCodes << c;
    rd.backoffMs = ms(r->backoff);
    rd.maxBackoffMs = ms(r->maxBackoff);
    d.retry = rd;
  }
  if (rule.rateLimit) {
    d.rateLimit = RateLimitDraft{rule.rateLimit->requests, rule.rateLimit->per.millis, rule.rateLimit->burst};
  }
  if (rule.cors) {
    CorsDraft c;
    for (const auto& o : rule.cors->allowOrigins) c.origins.append({originType(o.type), QString::fromStdString(o.value)});
    c.methods = qlist(rule.cors->allowMethods);
    c.headers = qlist(rule.cors->allowHeaders);
    c.exposeHeaders = qlist(rule.cors->exposeHeaders);
    if (rule.cors->maxAge) c.maxAgeS = rule.cors->maxAge->millis / 1000;
    c.credentials = rule.cors->allowCredentials;
    d.cors = c;
  }
  d.requestHeaders = headersOf(rule.requestHeaders);
  d.responseHeaders = headersOf(rule.responseHeaders);
  if (rule.rewrite) d.rewrite = RewriteDraft{qstr(rule.rewrite->hostname), pathOf(rule.rewrite->path)};
  if (rule.redirect) {
    const auto& r = *rule.redirect;
    d.redirect = RedirectDraft{qstr(r.scheme), qstr(r.hostname), r.port, pathOf(r.path), r.statusCode};
  }
  if (!rule.mirrors.empty()) {
    const auto& m = rule.mirrors.front();
    d.mirror = MirrorDraft{backendText(m.backend), m.percent ? m.percent : (m.fractionNumerator ? std::optional(m.effectivePercent()) : std::nullopt)};
  }
  return d;
}

void applyGroup(PolicyGroup g, const PolicyDrafts& d, cm::Dialect dialect, cm::RouteRule& rule) {
  switch (g) {
    case PolicyGroup::Timeouts: {
      rule.timeouts.request = duration(d.timeouts.requestMs, rule.timeouts.request);
      const auto perTry = duration(d.timeouts.perTryMs, perTryOf(rule));
      const bool inRetry = keepsPerTryInRetry(dialect) || (rule.retry && rule.retry->perTryTimeout);
      if (inRetry) {
        rule.timeouts.backendRequest.reset();
        if (perTry && !rule.retry) rule.retry = cm::RetryPolicy{};
        if (rule.retry) rule.retry->perTryTimeout = perTry;
        if (rule.retry && *rule.retry == cm::RetryPolicy{}) rule.retry.reset();
      } else {
        rule.timeouts.backendRequest = perTry;
      }
      break;
    }
    case PolicyGroup::Retry: {
      const auto perTry = rule.retry ? rule.retry->perTryTimeout : std::nullopt;
      if (!d.retry) {
        rule.retry = perTry ? std::optional(cm::RetryPolicy{}) : std::nullopt;
        if (rule.retry) rule.retry->perTryTimeout = perTry;
        break;
      }
      cm::RetryPolicy p = rule.retry.value_or(cm::RetryPolicy{});
      p.attempts = d.retry->attempts;
      p.retryOn = slist(d.retry->retryOn);
      p.statusCodes.assign(d.retry->statusCodes.begin(), d.retry->statusCodes.end());
      p.backoff = duration(d.retry->backoffMs, p.backoff);
      p.maxBackoff = duration(d.retry->maxBackoffMs, p.maxBackoff);
      rule.retry = p;
      break;
    }
    case PolicyGroup::RateLimit:
      if (!d.rateLimit) {
        rule.rateLimit.reset();
      } else {
        const auto old = rule.rateLimit ? std::optional(rule.rateLimit->per) : std::nullopt;
        rule.rateLimit = cm::RateLimit{d.rateLimit->requests, *duration(d.rateLimit->perMs, old), d.rateLimit->burst};
      }
      break;
    case PolicyGroup::Cors:
      if (!d.cors) {
        rule.cors.reset();
      } else {
        cm::CorsPolicy c;
        for (const auto& o : d.cors->origins) c.allowOrigins.push_back({originType(o.type), o.value.toStdString()});
        c.allowMethods = slist(d.cors->methods);
        c.allowHeaders = slist(d.cors->headers);
        c.exposeHeaders = slist(d.cors->exposeHeaders);
        c.maxAge = duration(d.cors->maxAgeS ? std::optional<qint64>(*d.cors->maxAgeS * 1000) : std::nullopt,
                            rule.cors ? rule.cors->maxAge : std::nullopt);
        c.allowCredentials = d.cors->credentials;
        rule.cors = c;
      }
      break;
    case PolicyGroup::RequestHeaders:
      rule.requestHeaders = headersFrom(d.requestHeaders);
      break;
    case PolicyGroup::ResponseHeaders:
      rule.responseHeaders = headersFrom(d.responseHeaders);
      break;
    case PolicyGroup::Rewrite:
      if (!d.rewrite) {
        rule.rewrite.reset();
      } else {
        cm::Rewrite w = rule.rewrite.value_or(cm::Rewrite{});
        w.hostname = sstr(d.rewrite->hostname);
        w.path = pathFrom(d.rewrite->path);
        rule.rewrite = w;
      }
      break;
    case PolicyGroup::Redirect:
      if (!d.redirect) {
        rule.redirect.reset();
      } else {
        const auto& r = *d.redirect;
        rule.redirect = cm::Redirect{sstr(r.scheme), sstr(r.hostname), pathFrom(r.path), r.port, r.statusCode};
      }
      break;
    case PolicyGroup::Mirror:
      if (!d.mirror) {
        if (!rule.mirrors.empty()) rule.mirrors.erase(rule.mirrors.begin());
      } else {
        cm::Mirror m = rule.mirrors.empty() ? cm::Mirror{} : rule.mirrors.front();
        if (backendText(m.backend) != d.mirror->backend) {
          m.backend = backendFrom(d.mirror->backend);
        }
        if (m.percent != d.mirror->percent) {
          m.percent = d.mirror->percent;
          m.fractionNumerator.reset();
          m.fractionDenominator.reset();
        }
        if (rule.mirrors.empty()) rule.mirrors.push_back(m);
        else rule.mirrors.front() = m;
      }
      break;
  }
}

bool sameGroup(PolicyGroup g, const cm::RouteRule& a, const cm::RouteRule& b) {
  switch (g) {
    case PolicyGroup::Timeouts: return a.timeouts.request == b.timeouts.request && perTryOf(a) == perTryOf(b);
    case PolicyGroup::Retry: return retryWithoutPerTry(a) == retryWithoutPerTry(b);
    case PolicyGroup::RateLimit: return a.rateLimit == b.rateLimit;
    case PolicyGroup::Cors: return a.cors == b.cors;
    case PolicyGroup::RequestHeaders: return a.requestHeaders == b.requestHeaders;
    case PolicyGroup::ResponseHeaders: return a.responseHeaders == b.responseHeaders;
    case PolicyGroup::Rewrite: return a.rewrite == b.rewrite;
    case PolicyGroup::Redirect: return a.redirect == b.redirect;
    case PolicyGroup::Mirror: return a.mirrors == b.mirrors;
  }
  return true;
}

bool groupSet(PolicyGroup g, const cm::RouteRule& r) {
  switch (g) {
    case PolicyGroup::Timeouts: return r.timeouts.request || perTryOf(r);
    case PolicyGroup::Retry: return retryWithoutPerTry(r).has_value();
    case PolicyGroup::RateLimit: return r.rateLimit.has_value();
    case PolicyGroup::Cors: return r.cors.has_value();
    case PolicyGroup::RequestHeaders: return !r.requestHeaders.empty();
    case PolicyGroup::ResponseHeaders: return !r.responseHeaders.empty();
    case PolicyGroup::Rewrite: return r.rewrite.has_value();
    case PolicyGroup::Redirect: return r.redirect.has_value();
    case PolicyGroup::Mirror: return !r.mirrors.empty();
  }
  return false;
}

QString draftError(PolicyGroup g, const PolicyDrafts& d) {
  auto headers = [](const HeaderOpsDraft& h) -> QString {
    for (const auto& list : {h.set, h.add}) {
      for (const auto& [name, value] : list) {
        if (name.trimmed().isEmpty()) return tr("a header to set or add has no name (value \"%1\")").arg(value);
      }
    }
    for (const auto& name : h.remove) {
      if (name.trimmed().isEmpty()) return tr("a header to remove has no name");
    }
    return {};
  };
  switch (g) {
    case PolicyGroup::Timeouts: {
      QString e = nonPositive(d.timeouts.requestMs, tr("request timeout"), tr("no timeout"));
      return e.isEmpty() ? nonPositive(d.timeouts.perTryMs, tr("per-try timeout"), tr("no per-try limit")) : e;
    }
    case PolicyGroup::Retry:
      if (!d.retry) return {};
      if (QString e = nonPositive(d.retry->backoffMs, tr("retry backoff"), tr("the default 25 ms")); !e.isEmpty()) return e;
      return nonPositive(d.retry->maxBackoffMs, tr("maximum retry backoff"), tr("10 × the backoff"));
    case PolicyGroup::Cors:
      if (!d.cors) return {};
      for (int i = 0; i < d.cors->origins.size(); ++i) {
        if (d.cors->origins[i].value.isEmpty()) return tr("allowed origin %1 is empty").arg(i + 1);
      }
      return nonPositive(d.cors->maxAgeS, tr("CORS max age"), tr("the browser default"));
    case PolicyGroup::RequestHeaders: return headers(d.requestHeaders);
    case PolicyGroup::ResponseHeaders: return headers(d.responseHeaders);
    case PolicyGroup::Rewrite:
      if (d.rewrite && !d.rewrite->hostname && d.rewrite->path.type.isEmpty()) {
        return tr("a URL rewrite needs a hostname or a path");
      }
      return {};
    case PolicyGroup::Redirect:
      if (d.redirect && !d.redirect->scheme && !d.redirect->hostname && !d.redirect->port &&
          d.redirect->path.type.isEmpty() && !d.redirect->statusCode) {
        return tr("a redirect needs a scheme, hostname, port, path or status code");
      }
      return {};
    case PolicyGroup::Mirror:
      if (d.mirror && d.mirror->backend.trimmed().isEmpty()) return tr("choose a backend to mirror to");
      return {};
    case PolicyGroup::RateLimit: return {};  // bounds are the core's (semantic checks)
  }
  return {};
}

QString groupName(PolicyGroup g) {
  switch (g) {
    case PolicyGroup::Timeouts: return tr("timeouts");
    case PolicyGroup::Retry: return tr("retries");
    case PolicyGroup::RateLimit: return tr("rate limit");
    case PolicyGroup::Cors: return tr("CORS");
    case PolicyGroup::RequestHeaders: return tr("request headers");
    case PolicyGroup::ResponseHeaders: return tr("response headers");
    case PolicyGroup::Rewrite: return tr("URL rewrite");
    case PolicyGroup::Redirect: return tr("redirect");
    case PolicyGroup::Mirror: return tr("mirror");
  }
  return {};
}

QString groupSummary(PolicyGroup g, const PolicyDrafts& d) {
  auto headers = [](const HeaderOpsDraft& h, const QString& side) {
    QStringList parts;
    for (const auto& [n, v] : h.set) parts << QStringLiteral("%1: %2").arg(n, v);
    for (const auto& [n, v] : h.add) parts << QStringLiteral("+%1: %2").arg(n, v);
    for (const auto& n : h.remove) parts << QStringLiteral("−%1").arg(n);
    return parts.isEmpty() ? QString() : tr("%1 headers %2").arg(side, parts.join(QStringLiteral(", ")));
  };
  switch (g) {
    case PolicyGroup::Timeouts: {
      QStringList parts;
      if (d.timeouts.requestMs) parts << tr("timeout %1").arg(formatMillis(*d.timeouts.requestMs));
      if (d.timeouts.perTryMs) parts << tr("per-try timeout %1").arg(formatMillis(*d.timeouts.perTryMs));
      return parts.join(QStringLiteral(", "));
    }
    case PolicyGroup::Retry:
      if (!d.retry) return {};
      return tr("retries %1×%2").arg(d.retry->attempts ? QString::number(*d.retry->attempts) : tr("default "),
                                     d.retry->retryOn.isEmpty() ? QString() : tr(" on %1").arg(d.retry->retryOn.join(QLatin1Char(','))));
    case PolicyGroup::RateLimit:
      if (!d.rateLimit) return {};
      return tr("rate limit %1 requests per %2").arg(d.rateLimit->requests).arg(formatMillis(d.rateLimit->perMs));
    case PolicyGroup::Cors:
      if (!d.cors) return {};
      return QCoreApplication::translate("PolicyEditor", "CORS for %n origin(s)", nullptr,
                                         static_cast<int>(d.cors->origins.size()));
    case PolicyGroup::RequestHeaders: return headers(d.requestHeaders, tr("request"));
    case PolicyGroup::ResponseHeaders: return headers(d.responseHeaders, tr("response"));
    case PolicyGroup::Rewrite: return d.rewrite ? tr("URL rewrite") : QString();
    case PolicyGroup::Redirect:
      if (!d.redirect) return {};
      return d.redirect->statusCode ? tr("redirect %1").arg(*d.redirect->statusCode) : tr("redirect");
    case PolicyGroup::Mirror:
      if (!d.mirror) return {};
      return d.mirror->percent ? tr("mirror to %1 at %2 %").arg(d.mirror->backend).arg(*d.mirror->percent)
                               : tr("mirror to %1").arg(d.mirror->backend);
  }
  return {};
}

}  // namespace routedeck::models
