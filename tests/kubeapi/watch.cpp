#include "tests/kubeapi/watch.h"

#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "proxycore/net/wake_signal.h"
#include "tests/kubeapi/object_reads.h"
#include "tests/kubeapi/tables.h"

namespace routedeck::tests::kubeapi {

namespace {

using core::net::ServerExchange;

// Keeps the waiter registered for exactly as long as the stream runs
// (also when the coroutine frame is destroyed at shutdown).
class WaiterGuard {
 public:
  WaiterGuard(Store& store, WatchWaiter& w) : m_store(store), m_waiter(w) {
    m_store.addWaiter(&m_waiter);
  }
  ~WaiterGuard() { m_store.removeWaiter(&m_waiter); }
  WaiterGuard(const WaiterGuard&) = delete;
  WaiterGuard& operator=(const WaiterGuard&) = delete;

 private:
  Store& m_store;
  WatchWaiter& m_waiter;
};

class EventWriter {
 public:
  EventWriter(ServerExchange& ex, const ResourceRequest& r, const WatchOptions& o)
      : m_ex(ex), m_r(r), m_o(o) {}

  void event(const std::string& type, const Json& stored) {
    Json object = present(stored, m_r);
    if (!m_o.tableVersion.empty()) {
      Json table = makeTable(*m_r.type, {object}, m_o.tableVersion, m_first);
      table["metadata"]["resourceVersion"] = object["metadata"]["resourceVersion"];
      object = std::move(table);
    }
    m_first = false;
    write(type, object);
    ++m_count;
  }

  void bookmark(long long rv, bool initialEventsEnd) {
    Json object = {{"kind", m_r.type->kind},
                   {"apiVersion", m_r.apiVersion()},
                   {"metadata", {{"resourceVersion", std::to_string(rv)}}}};
    if (initialEventsEnd) {
      object["metadata"]["annotations"] = {{"k8s.io/initial-events-end", "true"}};
    }
    write("BOOKMARK", object);
  }

  void write(const std::string& type, const Json& object) {
    Json line = Json::object();
    line["type"] = type;
    line["object"] = object;
    m_ex.writeBody(line.dump() + "\n");
  }

  int count() const { return m_count; }

 private:
  ServerExchange& m_ex;
  const ResourceRequest& m_r;
  const WatchOptions& m_o;
  bool m_first = true;
  int m_count = 0;
};

void startStream(ServerExchange& ex, const WatchOptions& o) {
  core::net::ResponseHead head;
  head.status = 200;
  head.framing = core::net::BodyFraming::Chunked;
  head.headers.add("content-type", o.tableVersion.empty() ? std::string("application/json")
                                                          : tableContentType(o.tableVersion));
  head.headers.add("cache-control", "no-cache, private");
  ex.startResponse(head);
}

bool matches(const StoredEvent& e, const ResourceRequest& r, const Selectors& s) {
  return e.resource == r.type->groupResource() && (r.ns.empty() || e.ns == r.ns) &&
         s.matches(e.object);
}

asio::awaitable<void> answerStatus(ServerExchange& ex, const ApiError& e) {
  co_await ex.respond(e.code, {}, e.status.dump(), "application/json");
}

}  // namespace

asio::awaitable<void> serveWatch(ServerExchange& ex, Store& store, const ResourceRequest& r,
                                 const Query& q, WatchOptions options) {
  auto selectors = parseSelectors(q);
  auto bookmarks = q.flag("allowWatchBookmarks");
  auto initial = q.flag("sendInitialEvents");
  // Decided before any co_await: GCC 12 mishandles co_await in conditional expressions.
  std::string invalid;
  if (!selectors) {
    invalid = selectors.error().message;
  } else if (!bookmarks) {
    invalid = bookmarks.error().message;
  } else if (!initial) {
    invalid = initial.error().message;
  }
  if (!invalid.empty()) {
    const ApiError error = badRequest(invalid);
    co_await answerStatus(ex, error);
    co_return;
  }
  const std::string rv = q.get("resourceVersion");
  const auto timeoutSeconds = std::atoll(q.get("timeoutSeconds").c_str());
  const auto deadline =
      std::chrono::steady_clock::now() +
      (timeoutSeconds > 0 ? std::chrono::seconds(timeoutSeconds) : std::chrono::hours(24));
  startStream(ex, options);
  EventWriter writer(ex, r, options);
  if (auto e = tooOld(store, rv)) {
    // The API server answers 200 and reports the expiry as the only event.
    writer.write("ERROR", e->status);
    co_await ex.finish();
    co_return;
  }
  long long from = 0;
  if (rv.empty() || rv == "0" || *initial) {
    for (const Json* object : store.list(r.type->groupResource(), r.ns)) {
      if (selectors->matches(*object)) {
        writer.event("ADDED", *object);
      }
    }
    from = store.currentResourceVersion();
    if (*initial && *bookmarks) {
      writer.bookmark(from, true);
    }
  } else {
    from = std::atoll(rv.c_str());
  }
  core::net::WakeSignal signal(co_await asio::this_coro::executor);
  WatchWaiter waiter{&signal};
  WaiterGuard guard(store, waiter);
  auto lastBookmark = std::chrono::steady_clock::now();
  for (;;) {
    for (const auto& e : store.eventsAfter(from)) {
      from = e.resourceVersion;
      if (matches(e, r, *selectors)) {
        writer.event(e.type, e.object);
        if (options.dropAfterEvents >= 0 && writer.count() >= options.dropAfterEvents) {
          co_await ex.flush();
          ex.abortConnection();
          co_return;
        }
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (*bookmarks && now - lastBookmark >= options.bookmarkInterval) {
      writer.bookmark(std::max(from, store.currentResourceVersion()), false);
      lastBookmark = now;
    }
    if (!co_await ex.flush()) {
      co_return;  // the client went away
    }
    if (waiter.closeRequested) {
      if (waiter.abrupt) {
        ex.abortConnection();
      } else {
        co_await ex.finish();
      }
      co_return;
    }
    if (now >= deadline) {
      co_await ex.finish();
      co_return;
    }
    auto wait = std::chrono::duration_cast<std::chrono::steady_clock::duration>(deadline - now);
    if (*bookmarks) {
      wait = std::min<std::chrono::steady_clock::duration>(wait, options.bookmarkInterval);
    }
    co_await signal.waitFor(wait);
  }
}

}  // namespace routedeck::tests::kubeapi
