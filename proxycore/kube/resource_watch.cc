#include "proxycore/kube/resource_watch.h"

#include <random>

#include "proxycore/kube/json_node.h"
#include "proxycore/kube/watch_event_splitter.h"

namespace routedeck::core::kube {

using yaml::Node;

std::unique_ptr<ResourceWatch> ResourceWatch::start(RestClient& client, ApiResource resource, WatchOptions options,
                                                     Callback callback) {
  std::unique_ptr<ResourceWatch> w(
      new ResourceWatch(client, std::move(resource), std::move(options), std::move(callback)));
  w->m_thread = std::thread([p = w.get()] { p->run(); });
  return w;
}

ResourceWatch::ResourceWatch(RestClient& client, ApiResource resource, WatchOptions options, Callback callback)
    : m_client(client),
      m_resources(client, std::move(resource)),
      m_options(std::move(options)),
      m_callback(std::move(callback)) {}

ResourceWatch::~ResourceWatch() { stop(); }

void ResourceWatch::stop() {
  m_stopping.store(true);
  m_streamStop.request();
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

std::string ResourceWatch::resourceVersion() const {
  std::lock_guard lock(m_mutex);
  return m_rv;
}

WatchStats ResourceWatch::stats() const {
  std::lock_guard lock(m_mutex);
  return m_stats;
}

void ResourceWatch::emitError(ApiError e) {
  WatchEvent ev;
  ev.type = WatchEvent::Type::Error;
  ev.error = std::move(e);
  ev.resourceVersion = resourceVersion();
  m_callback(ev);
}

void ResourceWatch::backoff() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  const double base = std::min<double>(static_cast<double>(m_options.maxBackoff.count()),
                                       static_cast<double>(m_options.initialBackoff.count()) * (1 << std::min(m_attempt, 20)));
  std::uniform_real_distribution<double> spread(1.0 - m_options.jitter, 1.0 + m_options.jitter);
  const auto delay = std::chrono::milliseconds(static_cast<long long>(base * spread(rng)));
  ++m_attempt;
  std::unique_lock lock(m_mutex);
  m_wake.wait_for(lock, delay, [&] { return m_stopping.load(); });
}

bool ResourceWatch::relist(bool afterExpiry) {
  auto list = m_resources.list(m_options.ns, m_options.list);
  {
    std::lock_guard lock(m_mutex);
    ++m_stats.lists;
    if (afterExpiry) ++m_stats.resyncs;
    if (list) m_rv = list->resourceVersion;
  }
  if (!list) {
    emitError(list.error());
    return false;
  }
  WatchEvent ev;
  ev.type = WatchEvent::Type::Resynced;
  ev.items = std::move(list->items);
  ev.afterExpiry = afterExpiry;
  ev.resourceVersion = list->resourceVersion;
  m_callback(ev);
  return true;
}

bool ResourceWatch::handleEvent(std::string_view json, StreamEnd& end, bool& sawEvents) {
  auto parsed = parseJson(json);
  if (!parsed || !parsed->isMap()) {
    emitError(makeApiError(ApiErrorKind::BadResponse, "a watch event is not JSON", "GET",
                           m_client.url(collectionPath(m_resources.resource(), m_options.ns))));
    end = StreamEnd::Failed;
    return false;
  }
  const std::string type = textAt(*parsed, {"type"});
  const Node* object = findPath(*parsed, {"object"});
  static const Node kNull;
  const Node& obj = object ? *object : kNull;
  if (type == "ERROR") {
    ApiError e = statusFromObject(200, obj, "GET", m_client.url(collectionPath(m_resources.resource(), m_options.ns)));
    if (e.kind == ApiErrorKind::Gone) {
      end = StreamEnd::Expired;
    } else {
      emitError(std::move(e));
      end = StreamEnd::Failed;
    }
    return false;
  }
  const std::string rv = textAt(obj, {"metadata", "resourceVersion"});
  {
    std::lock_guard lock(m_mutex);
    if (!rv.empty()) m_rv = rv;
    if (type == "BOOKMARK") ++m_stats.bookmarks;
  }
  sawEvents = true;
  if (type == "BOOKMARK") return true;
  WatchEvent ev;
  if (type == "ADDED") {
    ev.type = WatchEvent::Type::Added;
  } else if (type == "MODIFIED") {
    ev.type = WatchEvent::Type::Modified;
  } else if (type == "DELETED") {
    ev.type = WatchEvent::Type::Deleted;
  } else {
    return true;  // an event type from a newer server: skip it rather than fail the watch
  }
  ev.object = obj;
  ev.resourceVersion = rv;
  m_callback(ev);
  return true;
}

ResourceWatch::StreamEnd ResourceWatch::watchOnce(bool& sawEvents) {
  const auto& r = m_resources.resource();
  RestRequest req;
  req.path = collectionPath(r, m_options.ns.empty() ? std::string() : m_resources.namespaceFor(m_options.ns)) +
             "?watch=true&allowWatchBookmarks=true&resourceVersion=" + urlEncode(resourceVersion()) +
             "&timeoutSeconds=" + std::to_string(m_options.timeoutSeconds);
  if (!m_options.list.labelSelector.empty()) req.path += "&labelSelector=" + urlEncode(m_options.list.labelSelector);
  if (!m_options.list.fieldSelector.empty()) req.path += "&fieldSelector=" + urlEncode(m_options.list.fieldSelector);
  {
    std::lock_guard lock(m_mutex);
    ++m_stats.streams;
  }
  WatchEventSplitter splitter;
  StreamEnd end = StreamEnd::Ended;
  auto result = m_client.stream(
      req,
      [&](std::string_view chunk) {
        return splitter.feed(chunk, [&](std::string_view json) { return handleEvent(json, end, sawEvents); });
      },
      m_streamStop, m_options.idleTimeout);
  if (m_stopping.load()) return StreamEnd::Stopped;
  if (!result) {
    if (result.error().kind == ApiErrorKind::Gone) return StreamEnd::Expired;
    // A stream that delivered events and then went silent is resumed quietly.
    if (sawEvents && result.error().kind == ApiErrorKind::Timeout) return StreamEnd::Ended;
    emitError(result.error());
    return StreamEnd::Failed;
  }
  return end;
}

void ResourceWatch::run() {
  bool needList = true;
  bool afterExpiry = false;
  bool resumed = false;
  while (!m_stopping.load()) {
    if (needList) {
      if (!relist(afterExpiry)) {
        backoff();
        continue;
      }
      needList = false;
      afterExpiry = false;
      resumed = false;
      m_attempt = 0;
    }
    if (resumed) {
      std::lock_guard lock(m_mutex);
      ++m_stats.reconnects;
    }
    bool sawEvents = false;
    const StreamEnd end = watchOnce(sawEvents);
    resumed = true;
    switch (end) {
      case StreamEnd::Stopped:
        return;
      case StreamEnd::Expired:
        // client-go relists at once: the events in between are gone for good.
        needList = true;
        afterExpiry = true;
        break;
      case StreamEnd::Ended:
        if (sawEvents) {
          m_attempt = 0;
        } else {
          backoff();  // a server that closes at once must not make us spin
        }
        break;
      case StreamEnd::Failed:
        backoff();
        break;
    }
  }
}

}  // namespace routedeck::core::kube
