#include "proxycore/prom/prometheus_client.h"

#include <curl/curl.h>

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

namespace routedeck::core::prom {

namespace {

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::string formField(CURL* curl, const char* name, const std::string& value) {
  char* escaped = curl_easy_escape(curl, value.data(), static_cast<int>(value.size()));
  std::string out = std::string(name) + "=" + (escaped ? escaped : "");
  curl_free(escaped);
  return out;
}

// Prometheus writes sample values as strings: "1.5", "NaN", "+Inf".
double sampleValue(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  const std::string s = v.is_string() ? v.get<std::string>() : std::string();
  if (s == "NaN") return std::nan("");
  if (s == "+Inf") return INFINITY;
  if (s == "-Inf") return -INFINITY;
  try {
    return std::stod(s);
  } catch (...) {
    return std::nan("");
  }
}

Point samplePair(const nlohmann::json& pair) {
  if (!pair.is_array() || pair.size() != 2) return {0, std::nan("")};
  return {pair[0].is_number() ? pair[0].get<double>() : 0, sampleValue(pair[1])};
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

PrometheusClient::PrometheusClient(PrometheusEndpoint endpoint) : m_endpoint(std::move(endpoint)) {
  while (!m_endpoint.url.empty() && m_endpoint.url.back() == '/') m_endpoint.url.pop_back();
}

Result<PrometheusClient::Reply> PrometheusClient::post(const std::string& path, const std::string& form) const {
  return perform(path, &form);
}

Result<PrometheusClient::Reply> PrometheusClient::get(const std::string& path) const {
  return perform(path, nullptr);
}

Result<PrometheusClient::Reply> PrometheusClient::perform(const std::string& path, const std::string* form) const {
  const std::string& base = m_endpoint.url;
  if (base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0) {
    return makeError(ErrorCode::Invalid, "Prometheus URL \"" + base +
                                             "\" must start with http:// or https:// "
                                             "(e.g. http://127.0.0.1:9090)");
  }
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) {
    return makeError(ErrorCode::Io, std::string("libcurl failed to start: ") + curl_easy_strerror(init));
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return makeError(ErrorCode::Io, "libcurl could not create a handle");
  const std::string url = base + path;
  Reply reply;
  std::unique_ptr<curl_slist, SlistDeleter> headers(curl_slist_append(nullptr, "Accept: application/json"));
  std::string auth;
  if (!m_endpoint.bearerToken.empty()) {
    auth = "Authorization: Bearer " + m_endpoint.bearerToken;
    headers.reset(curl_slist_append(headers.release(), auth.c_str()));
  }
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  if (form) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form->size()));
  }
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(m_endpoint.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip for long ranges
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
  if (!m_endpoint.caFile.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, m_endpoint.caFile.c_str());
  if (m_endpoint.insecureSkipTlsVerify) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return makeError(ErrorCode::Io, std::string(form ? "POST " : "GET ") + url + ": " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

Result<std::vector<Series>> PrometheusClient::query(const std::string& promql, double time) const {
  CURL* esc = curl_easy_init();
  std::string form = formField(esc, "query", promql);
  if (time > 0) form += "&time=" + number(time);
  curl_easy_cleanup(esc);
  auto reply = post("/api/v1/query", form);
  if (!reply) return reply.error();
  return parseQueryResponse(reply->status, reply->body, m_endpoint.url + " query " + promql);
}

Result<std::vector<Series>> PrometheusClient::queryRange(const std::string& promql, double start, double end,
                                                         double stepSeconds) const {
  if (!(stepSeconds > 0) || !(end >= start)) {
    return makeError(ErrorCode::Usage, "range query needs start <= end and a positive step");
  }
  CURL* esc = curl_easy_init();
  std::string form = formField(esc, "query", promql) + "&start=" + number(start) + "&end=" + number(end) +
                     "&step=" + number(stepSeconds);
  curl_easy_cleanup(esc);
  auto reply = post("/api/v1/query_range", form);
  if (!reply) return reply.error();
  return parseQueryResponse(reply->status, reply->body, m_endpoint.url + " query_range " + promql);
}

Result<bool> PrometheusClient::ready() const {
  auto reply = get("/-/ready");
  if (!reply) return reply.error();
  if (reply->status != 200) {
    return makeError(ErrorCode::Io, m_endpoint.url + "/-/ready: HTTP " + std::to_string(reply->status));
  }
  return true;
}

Result<std::vector<Series>> parseQueryResponse(long httpStatus, const std::string& body, const std::string& context) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    // A proxy's HTML error page or a wrong URL: say what came back.
    std::string head = body.substr(0, 120);
    for (char& ch : head) {
      if (ch == '\n' || ch == '\r') ch = ' ';
    }
    return makeError(ErrorCode::Parse, context + ": HTTP " + std::to_string(httpStatus) +
                                           ", not a Prometheus API answer: \"" + head + "\"");
  }
  if (doc.value("status", "") != "success") {
    return makeError(ErrorCode::Invalid, context + ": HTTP " + std::to_string(httpStatus) + " " +
                                             doc.value("errorType", std::string("error")) + ": " +
                                             doc.value("error", std::string("(no message)")));
  }
  const auto& data = doc["data"];
  const std::string type = data.value("resultType", "");
  const auto& result = data["result"];
  std::vector<Series> out;
  if (type == "scalar" || type == "string") {
    out.push_back({{}, {samplePair(result)}});
    return out;
  }
  if ((type != "vector" && type != "matrix") || !result.is_array()) {
    return makeError(ErrorCode::Parse, context + ": unexpected resultType \"" + type + "\"");
  }
  for (const auto& item : result) {
    Series s;
    if (item.contains("metric") && item["metric"].is_object()) {
      for (const auto& [k, v] : item["metric"].items()) {
        if (v.is_string()) s.labels[k] = v.get<std::string>();
      }
    }
    if (type == "vector") {
      s.points.push_back(samplePair(item.value("value", nlohmann::json())));
    } else if (item.contains("values") && item["values"].is_array()) {
      for (const auto& p : item["values"]) s.points.push_back(samplePair(p));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace routedeck::core::prom
