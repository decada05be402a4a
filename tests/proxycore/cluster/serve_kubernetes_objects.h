#pragma once
// The cluster objects of tst_serve_kubernetes as JSON.
#include <QString>

namespace routedeck::tests::serve_kubernetes {

QString gateway(const QString& name, const QString& cls, int port);
QString route(const QString& name, const QString& host, int weightA, int weightB, const QString& b = QStringLiteral("svc-b"));
QString service(const QString& name);
QString slice(const QString& service, int port);
QString badRegexRoute();

}  // namespace routedeck::tests::serve_kubernetes
