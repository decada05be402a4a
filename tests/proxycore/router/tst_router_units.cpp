// Small pure pieces of the router: request parsing, path prefixes, hostname
// intersection, prefix replacement and redirect locations.
#include <QTest>

#include "proxycore/model/basics.h"
#include "proxycore/router/hostnames.h"
#include "proxycore/router/matchers.h"
#include "proxycore/router/request.h"
#include "proxycore/router/rewrite.h"

using namespace routedeck::core;

class TestRouterUnits : public QObject {
  Q_OBJECT

 private slots:
  void requestParse_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("expected");  // "host port path query" or "error: ..."
    QTest::newRow("absolute url") << "GET http://Example.COM:8080/a/b?x=1" << QStringList{}
                                  << "example.com 8080 /a/b x=1";
    QTest::newRow("https default port") << "GET https://h/" << QStringList{} << "h 443 / ";
    QTest::newRow("origin form with Host") << "POST /p" << QStringList{"Host: h:81"} << "h 81 /p ";
    QTest::newRow("no path") << "GET http://h" << QStringList{} << "h 80 / ";
    QTest::newRow("lower-case method") << "get http://h/" << QStringList{}
                                       << "error: request method must be upper-case letters, got 'get'";
    QTest::newRow("bad scheme") << "GET ftp://h/" << QStringList{}
                                << "error: URL scheme must be http or https, got 'ftp'";
    QTest::newRow("relative target") << "GET h/x" << QStringList{}
                                     << "error: request target must be an absolute URL or start with '/', got 'h/x'";
    QTest::newRow("bad header") << "GET /" << QStringList{"nocolon"}
                                << "error: header must be 'Name: value', got 'nocolon'";
  }

  void requestParse() {
    QFETCH(QString, line);
    QFETCH(QStringList, headers);
    QFETCH(QString, expected);
    std::vector<std::string> hs;
    for (const auto& h : headers) {
      hs.push_back(h.toStdString());
    }
    auto r = router::Request::parse(line.toStdString(), hs);
    std::string got = r ? r->host + " " + std::to_string(r->port) + " " + r->path + " " + r->query
                        : "error: " + r.error().message;
    QCOMPARE(QString::fromStdString(got), expected);
  }

  void headersCombine() {
    auto r = router::Request::parse("GET /", {"X-A: 1", "x-a: 2"});
    QVERIFY(r.ok());
    QCOMPARE(r->header("X-a").value_or(""), std::string("1,2"));
    QVERIFY(!r->header("missing"));
  }

  void pathPrefix_data() {
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("matches");
    QTest::newRow("root") << "/" << "/anything" << true;
    QTest::newRow("equal") << "/abc" << "/abc" << true;
    QTest::newRow("child") << "/abc" << "/abc/x" << true;
    QTest::newRow("not a segment") << "/abc" << "/abcd" << false;
    QTest::newRow("trailing slash ignored") << "/abc/" << "/abc" << true;
    QTest::newRow("parent") << "/abc/def" << "/abc" << false;
  }

  void pathPrefix() {
    QFETCH(QString, prefix);
    QFETCH(QString, path);
    QFETCH(bool, matches);
    QCOMPARE(router::pathPrefixMatches(prefix.toStdString(), path.toStdString()), matches);
  }

  void hostnameIntersection_data() {
    QTest::addColumn<QString>("listener");
    QTest::addColumn<QStringList>("route");
    QTest::addColumn<QString>("expected");  // joined, or "none"
    QTest::newRow("any listener") << "" << QStringList{"a.com"} << "a.com";
    QTest::newRow("any route") << "a.com" << QStringList{} << "a.com";
    QTest::newRow("both any") << "" << QStringList{} << "*";
    QTest::newRow("exact in wildcard") << "*.a.com" << QStringList{"x.a.com"} << "x.a.com";
    QTest::newRow("wildcard narrows to listener") << "x.a.com" << QStringList{"*.a.com"} << "x.a.com";
    QTest::newRow("disjoint") << "b.com" << QStringList{"a.com"} << "none";
    QTest::newRow("wildcard does not match apex") << "*.a.com" << QStringList{"a.com"} << "none";
    QTest::newRow("narrower wildcard") << "*.a.com" << QStringList{"*.x.a.com"} << "*.x.a.com";
  }

  void hostnameIntersection() {
    QFETCH(QString, listener);
    QFETCH(QStringList, route);
    QFETCH(QString, expected);
    std::vector<std::string> rs;
    for (const auto& r : route) {
      rs.push_back(r.toStdString());
    }
    auto out = router::hostnames::intersect(listener.toStdString(), rs);
    std::string got = "none";
    if (out) {
      got.clear();
      for (const auto& h : *out) {
        got += (got.empty() ? "" : ",") + h;
      }
    }
    QCOMPARE(QString::fromStdString(got), expected);
  }

  void replacePrefix_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    const int seg = static_cast<int>(model::PathMatchType::PathPrefix);
    const int str = static_cast<int>(model::PathMatchType::StringPrefix);
    QTest::newRow("swap segment") << seg << "/prefix/one" << "/one" << "/prefix/one/two" << "/one/two";
    QTest::newRow("strip to root") << seg << "/strip" << "/" << "/strip/three" << "/three";
    QTest::newRow("strip exact") << seg << "/strip" << "/" << "/strip" << "/";
    QTest::newRow("trailing slash prefix") << seg << "/strip/" << "/x" << "/strip/y" << "/x/y";
    QTest::newRow("string prefix to root") << str << "/paths" << "/" << "/paths/red" << "/red";
    QTest::newRow("string prefix partial") << str << "/pa" << "/" << "/paths" << "/ths";
  }

  void replacePrefix() {
    QFETCH(int, type);
    QFETCH(QString, prefix);
    QFETCH(QString, replacement);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    model::RouteMatch m;
    m.path = model::PathMatch{static_cast<model::PathMatchType>(type), prefix.toStdString()};
    QCOMPARE(QString::fromStdString(router::replacePrefix(path.toStdString(), &m, replacement.toStdString())),
             expected);
  }

  void redirect_data() {
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("expected");
    QTest::newRow("keep listener port") << "" << 0 << "http://h:8080/p?q=1";
    QTest::newRow("scheme change drops port") << "https" << 0 << "https://h/p?q=1";
    QTest::newRow("explicit well-known port is omitted") << "https" << 443 << "https://h/p?q=1";
    QTest::newRow("explicit port") << "" << 9090 << "http://h:9090/p?q=1";
  }

  void redirect() {
    QFETCH(QString, scheme);
    QFETCH(int, port);
    QFETCH(QString, expected);
    auto req = router::Request::parse("GET http://h:8080/p?q=1", {});
    model::Redirect r;
    if (!scheme.isEmpty()) {
      r.scheme = scheme.toStdString();
    }
    if (port) {
      r.port = port;
    }
    QCOMPARE(QString::fromStdString(router::redirectLocation(r, nullptr, *req, model::Dialect::GatewayApi)),
             expected);
  }

  void duration_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<qlonglong>("millis");  // -1 = invalid
    QTest::newRow("seconds") << "10s" << 10000LL;
    QTest::newRow("millis") << "250ms" << 250LL;
    QTest::newRow("compound") << "1m30s" << 90000LL;
    QTest::newRow("fraction") << "1.5s" << 1500LL;
    QTest::newRow("hours") << "2h" << 7200000LL;
    QTest::newRow("no unit") << "10" << -1LL;
    QTest::newRow("bad unit") << "10x" << -1LL;
    QTest::newRow("empty") << "" << -1LL;
  }

  void duration() {
    QFETCH(QString, text);
    QFETCH(qlonglong, millis);
    auto d = model::Duration::parse(text.toStdString());
    QCOMPARE(d ? d->millis : -1LL, millis);
    if (d) {
      QCOMPARE(QString::fromStdString(d->str()), text);
    }
  }
};

QTEST_GUILESS_MAIN(TestRouterUnits)
#include "tst_router_units.moc"
