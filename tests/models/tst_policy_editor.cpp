// The Policies editor on the demo workspace (Gateway API) and an Istio
// VirtualService: every group reads the rule, edits as one undo step,
// undoes, and refuses an invalid value with the core's exact finding while
// changing nothing. What a dialect cannot write back is a fidelity note.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "models/document/rule_lookup.h"
#include "models/document/workspace_document.h"
#include "models/policies/policy_editor.h"
#include "proxycore/api/workspace_io.h"

using namespace routedeck::models;
namespace api = routedeck::core::api;
namespace cm = routedeck::core::model;

namespace {

const RuleRef kRatings{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("ratings"), 0};
const RuleRef kCanary{QStringLiteral("HTTPRoute"), QStringLiteral("demo"), QStringLiteral("shop"), 1};
const RuleRef kReviews{QStringLiteral("VirtualService"), QStringLiteral("default"), QStringLiteral("reviews"), 0};

const char* kIstio = R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts:
  - reviews.example.com
  http:
  - timeout: 2s
    route:
    - destination:
        host: reviews
        port:
          number: 9080
)";

}  // namespace

class TstPolicyEditor : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_dir;

  static void load(WorkspaceDocument& doc, const std::string& file) {
    auto loaded = api::loadWorkspace({file});
    QVERIFY2(!loaded.diagnostics.hasErrors(), loaded.diagnostics.format().c_str());
    doc.reset(loaded.config, QString::fromStdString(file), false);
  }
  static void loadDemo(WorkspaceDocument& doc) { load(doc, RD_SOURCE_DIR "/resources/demo/workspace.yaml"); }
  void loadIstio(WorkspaceDocument& doc) {
    QFile f(m_dir.filePath(QStringLiteral("reviews.yaml")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kIstio);
    f.close();
    load(doc, f.fileName().toStdString());
  }
  static const cm::RouteRule& rule(const WorkspaceDocument& doc, const RuleRef& r) {
    const auto* found = findRule(*doc.config(), r);
    Q_ASSERT(found);
    return *found;
  }
  // An edit the editor refused: its error holds `expected`, and neither the
  // config nor the undo stack moved.
  static void refused(WorkspaceDocument& doc, PolicyEditor& editor, PolicyGroup g, bool ok, const QString& expected) {
    QVERIFY(!ok);
    QVERIFY2(editor.error(g).contains(expected), qPrintable(editor.error(g)));
  }

 private slots:
  void readsTheSelectedRule() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    QSignalSpy changed(&editor, &PolicyEditor::changed);
    editor.setRule(kRatings);
    QCOMPARE(changed.count(), 1);
    QVERIFY(editor.hasRule());
    QCOMPARE(editor.dialect(), QStringLiteral("Gateway API"));
    const PolicyDrafts d = editor.drafts();
    QCOMPARE(d.timeouts.requestMs, std::optional<qint64>(2000));
    QVERIFY(!d.timeouts.perTryMs);  // not set is not zero
    QVERIFY(!d.retry && !d.rateLimit && !d.cors && !d.rewrite && !d.redirect && !d.mirror);
    QVERIFY(d.requestHeaders.empty() && d.responseHeaders.empty());
    QVERIFY(editor.backends().contains(QStringLiteral("shop-v2:8080")));
    editor.setRule({});
    QVERIFY(!editor.hasRule());
    QVERIFY(!editor.setTimeouts({1000, {}}));
    QCOMPARE(editor.error(PolicyGroup::Timeouts), QStringLiteral("Select a rule first."));
  }

  void timeoutsEditUndoAndValidate() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    QVERIFY(editor.setTimeouts({2000, {}}));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Set timeout 2 s on shop rule 1"));
    QCOMPARE(rule(doc, kCanary).timeouts.request->millis, 2000);
    QVERIFY(editor.setTimeouts({2000, 500}));
    QCOMPARE(rule(doc, kCanary).timeouts.backendRequest->millis, 500);  // Gateway API keeps per-try there
    QCOMPARE(editor.drafts().timeouts.perTryMs, std::optional<qint64>(500));
    QVERIFY(editor.fidelity(PolicyGroup::Timeouts).isEmpty());
    QVERIFY(editor.setTimeouts({2000, 500}));  // unchanged: no step
    QCOMPARE(doc.undoStack()->count(), 2);

    const auto before = doc.config();
    refused(doc, editor, PolicyGroup::Timeouts, editor.setTimeouts({2000, 3000}),
            QStringLiteral("per-try timeout 3s is longer than the request timeout 2s"));
    refused(doc, editor, PolicyGroup::Timeouts, editor.setTimeouts({0, {}}),
            QStringLiteral("request timeout must be greater than 0 (leave it unset for no timeout)"));
    QCOMPARE(doc.config(), before);
    QCOMPARE(doc.undoStack()->count(), 2);
    QVERIFY(editor.setTimeouts({2000, 500}, PolicyEditor::Mode::Check));
    QVERIFY(editor.error(PolicyGroup::Timeouts).isEmpty());

    doc.undoStack()->undo();
    QVERIFY(!rule(doc, kCanary).timeouts.backendRequest);
    doc.undoStack()->undo();
    QVERIFY(rule(doc, kCanary).timeouts.empty());
    QVERIFY(editor.setTimeouts({}));  // already unset
    QCOMPARE(doc.undoStack()->index(), 0);
  }

  void perTryLivesInIstioRetries() {
    WorkspaceDocument doc;
    loadIstio(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kReviews);
    QCOMPARE(editor.dialect(), QStringLiteral("Istio"));
    QCOMPARE(editor.drafts().timeouts.requestMs, std::optional<qint64>(2000));
    // Istio keeps it in retries, which it refuses without attempts (read back from the export).
    refused(doc, editor, PolicyGroup::Timeouts, editor.setTimeouts({2000, 500}),
            QStringLiteral("http retry policy configured when attempts are set to 0 (disabled) [spec.http[0].retries]"));
    QVERIFY(editor.setRetry(RetryDraft{2, {}, {}, {}, {}}));
    QVERIFY2(editor.setTimeouts({2000, 500}), qPrintable(editor.error(PolicyGroup::Timeouts)));
    QCOMPARE(rule(doc, kReviews).retry->perTryTimeout->millis, 500);
    QCOMPARE(rule(doc, kReviews).retry->attempts, std::optional<int>(2));
    QVERIFY(!rule(doc, kReviews).timeouts.backendRequest);
    QCOMPARE(editor.drafts().retry->attempts, std::optional<int>(2));
    refused(doc, editor, PolicyGroup::Timeouts, editor.setTimeouts({2000, 2500}),
            QStringLiteral("per-try timeout 2500ms is longer than the request timeout 2s: no attempt can use it"));
    doc.undoStack()->undo();
    QVERIFY(!rule(doc, kReviews).retry->perTryTimeout);
    doc.undoStack()->undo();
    QVERIFY(!rule(doc, kReviews).retry);
  }

  void retries() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    RetryDraft r;
    r.attempts = 3;
    r.statusCodes = {503};
    r.backoffMs = 100;
    QVERIFY(editor.setRetry(r));
    QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Set retries 3× on shop rule 1"));
    QCOMPARE(rule(doc, kCanary).retry->attempts, std::optional<int>(3));
    QCOMPARE(editor.drafts().retry, std::optional<RetryDraft>(r));
    QVERIFY2(editor.fidelity(PolicyGroup::Retry).isEmpty(), qPrintable(editor.fidelity(PolicyGroup::Retry)));
    // Gateway API has no retry-on conditions or backoff cap: applied live, not saved.
    r.retryOn = QStringList{QStringLiteral("5xx")};
    QVERIFY(editor.setRetry(r));
    QCOMPARE(editor.fidelity(PolicyGroup::Retry),
             QStringLiteral("Gateway API cannot express all of this: it applies live, but Save writes it differently."));
    r.maxBackoffMs = 50;
    refused(doc, editor, PolicyGroup::Retry, editor.setRetry(r),
            QStringLiteral("maximum retry backoff 50ms is shorter than the base backoff 100ms"));
    QCOMPARE(doc.undoStack()->count(), 2);
    QVERIFY(editor.setRetry(std::nullopt));
    QCOMPARE(doc.undoStack()->text(2), QStringLiteral("Clear retries on shop rule 1"));
    QVERIFY(!rule(doc, kCanary).retry);
    doc.undoStack()->undo();
    QCOMPARE(rule(doc, kCanary).retry->retryOn, std::vector<std::string>{"5xx"});
  }

  void rateLimit() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    QVERIFY(editor.setRateLimit(RateLimitDraft{5, 1000, 10}));
    QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Set rate limit 5 requests per 1 s on shop rule 1"));
    QCOMPARE(rule(doc, kCanary).rateLimit->burst, std::optional<int>(10));
    QCOMPARE(editor.fidelity(PolicyGroup::RateLimit),
             QStringLiteral("Gateway API cannot express this: it applies live, but Save drops it."));
    refused(doc, editor, PolicyGroup::RateLimit, editor.setRateLimit(RateLimitDraft{0, 1000, {}}),
            QStringLiteral("rate limit needs at least 1 request per fill interval (it has 0)"));
    refused(doc, editor, PolicyGroup::RateLimit, editor.setRateLimit(RateLimitDraft{5, 0, {}}),
            QStringLiteral("rate limit needs a fill interval of at least 1ms"));
    QCOMPARE(rule(doc, kCanary).rateLimit->requests, 5);
    doc.undoStack()->undo();
    QVERIFY(!rule(doc, kCanary).rateLimit);
    QVERIFY(editor.fidelity(PolicyGroup::RateLimit).isEmpty());
  }

  void corsGatewayApi() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    CorsDraft c;
    c.origins = {{QStringLiteral("Exact"), QStringLiteral("https://app.example.com")}};
    c.methods = QStringList{QStringLiteral("GET"), QStringLiteral("POST")};
    c.maxAgeS = 600;
    c.credentials = true;
    QVERIFY(editor.setCors(c));
    QCOMPARE(editor.drafts().cors, std::optional<CorsDraft>(c));
    QCOMPARE(rule(doc, kCanary).cors->maxAge->millis, 600000);
    QVERIFY2(editor.fidelity(PolicyGroup::Cors).isEmpty(), qPrintable(editor.fidelity(PolicyGroup::Cors)));
    // A regex must compile in RE2, whatever the dialect.
    CorsDraft bad = c;
    bad.origins.append({QStringLiteral("RegularExpression"), QStringLiteral("https://(.*\\.example\\.com")});
    const auto before = doc.config();
    refused(doc, editor, PolicyGroup::Cors, editor.setCors(bad), QStringLiteral("is not valid RE2: missing )"));
    QCOMPARE(doc.config(), before);
    // Gateway API origins are scheme://host[:port] with * wildcards: its schema refuses a regex.
    bad.origins.last().value = QStringLiteral("https://.*\\.example\\.com");
    refused(doc, editor, PolicyGroup::Cors, editor.setCors(bad),
            QStringLiteral("does not match pattern"));
    QVERIFY(editor.error(PolicyGroup::Cors).endsWith(QStringLiteral("[spec.rules[1].filters[0].cors.allowOrigins[1]]")));
    refused(doc, editor, PolicyGroup::Cors, editor.setCors(CorsDraft{{{QStringLiteral("Exact"), QString()}}, {}, {}, {}, {}, {}}),
            QStringLiteral("allowed origin 1 is empty"));
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.undoStack()->undo();
    QVERIFY(!rule(doc, kCanary).cors);
  }

  void corsIstioRegex() {
    WorkspaceDocument doc;
    loadIstio(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kReviews);
    CorsDraft c;
    c.origins = {{QStringLiteral("RegularExpression"), QStringLiteral("https://.*\\.example\\.com")},
                 {QStringLiteral("Prefix"), QStringLiteral("https://test.")}};
    c.maxAgeS = 3600;
    QVERIFY(editor.setCors(c));
    QCOMPARE(rule(doc, kReviews).cors->allowOrigins[0].type, cm::StringMatchType::RegularExpression);
    QVERIFY2(editor.fidelity(PolicyGroup::Cors).isEmpty(), qPrintable(editor.fidelity(PolicyGroup::Cors)));
    c.origins[0].value = QStringLiteral("[a-");
    refused(doc, editor, PolicyGroup::Cors, editor.setCors(c),
            QStringLiteral("regular expression \"[a-\" is not valid RE2: missing ]: [a- [spec.http[0].corsPolicy.allowOrigins[0].regex]"));
  }

  void headerModifiers() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    HeaderOpsDraft req;
    req.set = {{QStringLiteral("x-policy"), QStringLiteral("on")}};
    req.remove = QStringList{QStringLiteral("x-debug")};
    QVERIFY(editor.setRequestHeaders(req));
    QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Set request headers x-policy: on, −x-debug on shop rule 1"));
    QCOMPARE(rule(doc, kCanary).requestHeaders.set.front().value, std::string("on"));
    HeaderOpsDraft resp;
    resp.add = {{QStringLiteral("x-served-by"), QStringLiteral("routedeck")}};
    QVERIFY(editor.setResponseHeaders(resp));
    QCOMPARE(editor.drafts().responseHeaders, resp);
    QVERIFY(editor.fidelity(PolicyGroup::RequestHeaders).isEmpty());
    HeaderOpsDraft bad;
    bad.set = {{QStringLiteral("bad header"), QStringLiteral("x")}};
    const auto before = doc.config();
    QVERIFY(!editor.setRequestHeaders(bad));
    QVERIFY2(editor.error(PolicyGroup::RequestHeaders).contains(QStringLiteral("requestHeaderModifier.set[0].name")),
             qPrintable(editor.error(PolicyGroup::RequestHeaders)));
    bad.set = {{QString(), QStringLiteral("x")}};
    refused(doc, editor, PolicyGroup::RequestHeaders, editor.setRequestHeaders(bad),
            QStringLiteral("a header to set or add has no name"));
    QCOMPARE(doc.config(), before);
    doc.undoStack()->undo();
    QVERIFY(rule(doc, kCanary).responseHeaders.empty());
    QVERIFY(editor.setRequestHeaders({}));
    QVERIFY(rule(doc, kCanary).requestHeaders.empty());
    QCOMPARE(doc.undoStack()->text(1), QStringLiteral("Clear request headers on shop rule 1"));
  }

  void rewrite() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    RewriteDraft w{QStringLiteral("internal.example.com"), {QStringLiteral("ReplacePrefixMatch"), QStringLiteral("/v2")}};
    QVERIFY(editor.setRewrite(w));
    QCOMPARE(rule(doc, kCanary).rewrite->path->value, std::string("/v2"));
    QCOMPARE(editor.drafts().rewrite, std::optional<RewriteDraft>(w));
    w.hostname = QStringLiteral("Bad_Host");
    QVERIFY(!editor.setRewrite(w));
    QVERIFY2(editor.error(PolicyGroup::Rewrite).contains(QStringLiteral("urlRewrite.hostname")),
             qPrintable(editor.error(PolicyGroup::Rewrite)));
    refused(doc, editor, PolicyGroup::Rewrite, editor.setRewrite(RewriteDraft{}),
            QStringLiteral("a URL rewrite needs a hostname or a path"));
    doc.undoStack()->undo();
    QVERIFY(!rule(doc, kCanary).rewrite);
  }

  void redirect() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kRatings);
    RedirectDraft r;
    r.scheme = QStringLiteral("https");
    r.hostname = QStringLiteral("ratings.example.com");
    r.statusCode = 301;
    QVERIFY(editor.setRedirect(r));
    QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Set redirect 301 on ratings rule 0"));
    QCOMPARE(rule(doc, kRatings).redirect->statusCode, std::optional<int>(301));
    r.statusCode = 309;
    const auto before = doc.config();
    QVERIFY(!editor.setRedirect(r));
    QVERIFY2(editor.error(PolicyGroup::Redirect).contains(QStringLiteral("309")) &&
                 editor.error(PolicyGroup::Redirect).contains(QStringLiteral("requestRedirect.statusCode")),
             qPrintable(editor.error(PolicyGroup::Redirect)));
    QCOMPARE(doc.config(), before);
    doc.undoStack()->undo();
    QVERIFY(!rule(doc, kRatings).redirect);
  }

  void redirectIstioRules() {
    WorkspaceDocument doc;
    loadIstio(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kReviews);
    RedirectDraft r;
    r.hostname = QStringLiteral("other.example.com");
    r.statusCode = 200;
    QVERIFY(!editor.setRedirect(r));
    const QString e = editor.error(PolicyGroup::Redirect);
    QVERIFY2(e.contains(QStringLiteral("200 is not a valid redirect code, must be 3xx")), qPrintable(e));
    QVERIFY2(e.contains(QStringLiteral("HTTP route cannot contain both route and redirect")), qPrintable(e));
    QCOMPARE(doc.undoStack()->count(), 0);
  }

  void mirror() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    QVERIFY(editor.setMirror(MirrorDraft{QStringLiteral("ratings:8080"), 10}));
    QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Set mirror to ratings:8080 at 10 % on shop rule 1"));
    QCOMPARE(rule(doc, kCanary).mirrors.front().backend.name, std::string("ratings"));
    QCOMPARE(rule(doc, kCanary).mirrors.front().backend.port, std::optional<int>(8080));
    QVERIFY(editor.fidelity(PolicyGroup::Mirror).isEmpty());
    QVERIFY(!editor.setMirror(MirrorDraft{QStringLiteral("ratings:8080"), 150}));
    QVERIFY2(editor.error(PolicyGroup::Mirror).contains(QStringLiteral("requestMirror.percent")),
             qPrintable(editor.error(PolicyGroup::Mirror)));
    refused(doc, editor, PolicyGroup::Mirror, editor.setMirror(MirrorDraft{}), QStringLiteral("choose a backend to mirror to"));
    // Gateway API writes whole percents.
    QVERIFY(editor.setMirror(MirrorDraft{QStringLiteral("ratings:8080"), 12.5}));
    QVERIFY(!editor.fidelity(PolicyGroup::Mirror).isEmpty());
    QVERIFY(editor.setMirror(std::nullopt));
    QVERIFY(rule(doc, kCanary).mirrors.empty());
    doc.undoStack()->undo();
    QCOMPARE(*rule(doc, kCanary).mirrors.front().percent, 12.5);
  }

  void reloadsOnlyWhenThePoliciesChange() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    QSignalSpy changed(&editor, &PolicyEditor::changed);
    doc.setRuleWeights(kCanary, {50, 50}, false);  // a canary edit keeps a half-typed form
    QCOMPARE(changed.count(), 0);
    QVERIFY(editor.setTimeouts({1500, {}}));
    QCOMPARE(changed.count(), 1);
    doc.undoStack()->undo();
    QCOMPARE(changed.count(), 2);
    QVERIFY(!editor.drafts().timeouts.requestMs);
  }

  void newRuleClearsErrors() {
    WorkspaceDocument doc;
    loadDemo(doc);
    PolicyEditor editor(&doc);
    editor.setRule(kCanary);
    QSignalSpy errors(&editor, &PolicyEditor::errorChanged);
    QVERIFY(!editor.setTimeouts({-5, {}}));
    QCOMPARE(errors.count(), 1);
    editor.setRule(kRatings);
    QVERIFY(editor.error(PolicyGroup::Timeouts).isEmpty());
    QCOMPARE(errors.count(), 2);
  }
};

QTEST_GUILESS_MAIN(TstPolicyEditor)
#include "tst_policy_editor.moc"
