#include "proxycore/trace/otlp_exporter.h"

#include <curl/curl.h>

namespace routedeck::core::trace {

namespace {

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

Result<std::unique_ptr<OtlpExporter>> OtlpExporter::start(const TraceStore& store, OtlpOptions options) {
  const std::string& e = options.endpoint;
  if (e.rfind("http://", 0) != 0 && e.rfind("https://", 0) != 0) {
    return makeError(ErrorCode::Invalid, "OTLP endpoint \"" + e +
                                             "\" must be an http:// or https:// URL, e.g. "
                                             "http://127.0.0.1:4318/v1/traces");
  }
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) {
    return makeError(ErrorCode::Invalid, std::string("libcurl failed to start: ") + curl_easy_strerror(init));
  }
  std::unique_ptr<OtlpExporter> ex(new OtlpExporter(store, std::move(options)));
  ex->m_thread = std::thread([p = ex.get()] { p->run(); });
  return ex;
}

OtlpExporter::OtlpExporter(const TraceStore& store, OtlpOptions options)
    : m_store(store), m_options(std::move(options)) {}

OtlpExporter::~OtlpExporter() {
  m_stop.store(true);
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

OtlpCounters OtlpExporter::counters() const {
  std::lock_guard lock(m_mutex);
  return m_counters;
}

std::string OtlpExporter::lastError() const {
  std::lock_guard lock(m_mutex);
  return m_lastError;
}

void OtlpExporter::run() {
  uint64_t next = m_store.next();  // traces recorded from now on
  const size_t max = m_options.maxTracesPerBatch;
  auto sendBatch = [&] {
    uint64_t skipped = 0;
    auto batch = m_store.since(next, max, &next, &skipped);
    size_t spans = 0;
    for (const auto& t : batch) spans += t->spans.size();
    const bool ok = batch.empty() || send(encodeOtlpJson(batch, m_options.resource));
    std::lock_guard lock(m_mutex);
    m_counters.skippedTraces += skipped;
    (ok ? m_counters.exportedSpans : m_counters.failedBatches) += ok ? spans : 1;
  };
  while (!m_stop.load()) {
    const auto due = std::chrono::steady_clock::now() + m_options.interval;
    // Short waits so that stopping is prompt; a full batch goes at once.
    while (!m_stop.load() && std::chrono::steady_clock::now() < due && m_store.next() - next < max) {
      m_store.waitFor(next + max - 1, std::chrono::milliseconds(50));
    }
    sendBatch();
  }
  sendBatch();  // what arrived before stop(), one attempt
}

bool OtlpExporter::send(const std::string& body) {
  CURL* curl = curl_easy_init();
  if (!curl) {
    std::lock_guard lock(m_mutex);
    m_lastError = "libcurl could not create a handle";
    return false;
  }
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  // No "Expect: 100-continue" round trip (curl adds it for bodies over 1 KiB).
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, m_options.endpoint.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  std::string error;
  if (rc != CURLE_OK) {
    error = std::string("POST ") + m_options.endpoint + ": " + curl_easy_strerror(rc);
  } else if (status < 200 || status >= 300) {
    error = "POST " + m_options.endpoint + ": HTTP " + std::to_string(status);
  }
  std::lock_guard lock(m_mutex);
  m_lastError = error;
  return error.empty();
}

}  // namespace routedeck::core::trace
