#pragma once
// What tests steer through /fixture/v1/: injected faults, extra bearer
// tokens with an expiry, and the request log.

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/common/result.h"
#include "tests/kubeapi/json_support.h"

namespace routedeck::tests::kubeapi {

// One injected fault (POST /fixture/v1/faults); every field is optional.
struct Fault {
  int id = 0;
  std::string method;         // empty: any
  std::string pathPrefix;     // empty: any; compared with the path without the query
  std::optional<bool> watch;  // set: only watch requests, or only others
  int status = 0;             // 0: no error answer
  std::string reason;
  std::string message;
  int delayMs = 0;
  int dropAfterEvents = -1;  // watches: drop the stream after this many events
  int times = 1;             // requests it applies to; 0 = until cleared

  static core::Result<Fault> fromJson(const Json& body);
};

class FaultSet {
 public:
  int add(Fault f);
  void clear() { m_faults.clear(); }
  // The first fault that applies to the request, counted as used once.
  std::optional<Fault> take(const std::string& method, const std::string& path, bool watch);

 private:
  int m_nextId = 1;
  std::vector<Fault> m_faults;
};

// The main bearer token and the extra, expiring ones.
class TokenAuthenticator {
 public:
  TokenAuthenticator(std::string token, std::string user)
      : m_token(std::move(token)), m_user(std::move(user)) {}
  void add(std::string token, std::string user, std::chrono::seconds lifetime);
  // The user a token belongs to, or empty when unknown or expired.
  std::string userFor(const std::string& token) const;

 private:
  struct Extra {
    std::string token;
    std::string user;
    std::chrono::steady_clock::time_point expires;
  };
  std::string m_token;
  std::string m_user;
  std::vector<Extra> m_extra;
};

struct RequestRecord {
  std::string method;
  std::string path;
  std::string query;
  std::string contentType;
  std::string user;
  std::string fieldManager;
  std::string dryRun;
  int status = 0;
};

// The most recent requests (bounded), oldest first.
class RequestLog {
 public:
  void add(RequestRecord r);
  void clear() { m_records.clear(); }
  Json toJson() const;

 private:
  static constexpr size_t kCapacity = 10000;
  std::deque<RequestRecord> m_records;
};

}  // namespace routedeck::tests::kubeapi
