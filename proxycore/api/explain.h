#pragma once

// "Test a request" and the rule editor's precedence view over an in-memory
// config, Qt-free: what `routedeckd explain` prints, as values the GUI
// renders. Both compile a private RouteTable per call (milliseconds for a
// workspace of a few hundred rules); callable from any thread.

#include <memory>
#include <string>
#include <vector>

#include "proxycore/model/config.h"

namespace routedeck::core::api {

// One candidate rule the request was tried against, in precedence order.
struct ExplainCandidate {
  std::string routeKind, routeNamespace, routeName;
  int rule = -1;
  std::string ruleName;  // empty when the rule has none
  int match = -1;        // index in the rule's matches; -1: the rule has none
  std::string hostname;  // the virtual host it belongs to ("*" = any)
  std::string outcome;   // "selected" | "no match" | "shadowed" | "not reached"
  std::string reason;    // why, quoting the condition that failed
  std::string ruleId() const;  // stats::RuleKey::id() form: "HTTPRoute/ns/name#1"
};

struct ExplainReport {
  // The request line or a header could not be parsed, or the request enters
  // no listener (unknown gateway, no listener on the port); nothing else is set.
  std::string error;
  bool matched = false;
  int status = 0;    // local reply (404 no route, 500 no backend, 3xx); 0 = forwarded
  int winner = -1;   // index into candidates; -1 = no rule took the request
  std::vector<ExplainCandidate> candidates;
  std::vector<std::string> backends;  // "ns/name:port (weight w)" of the winner
  // For a request no rule takes: the candidate whose path is closest to the
  // request's, and a sentence saying so; -1 / empty when nothing is close.
  int nearest = -1;
  std::string nearestHint;
  std::vector<std::string> notes;
};

// Routes `requestLine` ("GET http://host/path?q" or "GET /path" with a Host
// header) plus "Name: value" header lines through `config` with the full
// per-candidate trace. `port` 0 takes the port from the URL (80/443).
ExplainReport explainRequest(const std::shared_ptr<const model::Config>& config, const std::string& requestLine,
                             const std::vector<std::string>& headerLines, int port = 0);

// One (route, rule, match) in the effective order of its virtual host.
struct PrecedenceEntry {
  std::string hostname;
  std::string routeKind, routeNamespace, routeName;
  int rule = -1;
  int match = -1;   // -1: the rule has no matches
  int position = 0; // 0-based position among all candidates of the virtual host
  // An earlier candidate that takes every request this one would (so this
  // one never wins), as "HTTPRoute ns/name rule N"; empty when none.
  std::string shadowedBy;
  // Later candidates this one takes every request of, same form, "; "-joined.
  std::string shadows;
};

// Every candidate of the first virtual host (first gateway listener in config
// order) that holds a rule of the named route, in precedence order, with
// the shadowing between them (conservative: only when an earlier match's
// conditions are a subset of a later one's); empty when the route is
// attached nowhere.
std::vector<PrecedenceEntry> precedenceOf(const std::shared_ptr<const model::Config>& config,
                                          const std::string& routeKind, const std::string& routeNamespace,
                                          const std::string& routeName);

}  // namespace routedeck::core::api
