// Envoy route actions (route, redirect, direct_response), header mutations
// and retry policies into the model.
#include "proxycore/common/strings.h"
#include "proxycore/dialects/envoy/envoy_internal.h"

namespace routedeck::core::dialects::envoy::detail {

namespace {

model::BackendRef cluster(const std::string& name, const yaml::Node& at, const Reader& r,
                          int index) {
  model::BackendRef b;
  b.kind = "Cluster";
  b.name = name;
  b.origin = r.origin(at, index);
  return b;
}

void readHeadersToAdd(const Fields& f, const yaml::Node& list, const std::string& path,
                      model::HeaderModifier& out) {
  for (size_t i = 0; i < list.size(); ++i) {
    const yaml::Node& item = list.items()[i];
    const std::string p = idx(path, i);
    if (!item.isMap()) {
      f.error(item, std::string("expected a HeaderValueOption object, got ") + item.typeName(), p);
      continue;
    }
    f.keys(item, p, {"header", "append", "append_action", "keep_empty_value"});
    const yaml::Node* header = f.object(item, "header", p);
    if (!header) {
      f.error(item, "missing required field \"header\"", p + ".header");
      continue;
    }
    f.keys(*header, p + ".header", {"key", "value"}, {"raw_value"});
    auto key = f.string(*header, "key", p + ".header");
    if (!key || key->empty()) {
      f.error(*header, "header needs a non-empty \"key\"", p + ".header.key");
      continue;
    }
    model::HeaderValue hv{*key, f.string(*header, "value", p + ".header").value_or("")};
    // Envoy's default is APPEND_IF_EXISTS_OR_ADD; `append: false` overwrites.
    bool append = f.boolean(item, "append", p).value_or(true);
    if (auto action = f.string(item, "append_action", p)) {
      const yaml::Node& at = *item.find("append_action");
      if (*action == "APPEND_IF_EXISTS_OR_ADD") {
        append = true;
      } else if (*action == "OVERWRITE_IF_EXISTS_OR_ADD") {
        append = false;
      } else if (*action == "ADD_IF_ABSENT" || *action == "OVERWRITE_IF_EXISTS") {
        append = *action == "ADD_IF_ABSENT";
        f.warning(at,
                  "append_action " + *action + " is approximated as " +
                      (append ? "APPEND_IF_EXISTS_OR_ADD" : "OVERWRITE_IF_EXISTS_OR_ADD"),
                  p + ".append_action");
      } else {
        f.error(at, "unknown append_action \"" + *action + "\"", p + ".append_action");
      }
    }
    (append ? out.add : out.set).push_back(std::move(hv));
  }
}

void readMirrors(const Fields& f, const yaml::Node& list, const std::string& path,
                 model::RouteRule& rule) {
  for (size_t i = 0; i < list.size(); ++i) {
    const yaml::Node& item = list.items()[i];
    const std::string p = idx(path, i);
    if (!item.isMap()) {
      f.error(item, std::string("expected object, got ") + item.typeName(), p);
      continue;
    }
    f.keys(item, p, {"cluster", "runtime_fraction"},
           {"cluster_header", "trace_sampled", "disable_shadow_host_suffix_append"});
    auto name = f.string(item, "cluster", p);
    if (!name) {
      f.error(item, "mirror policy needs a \"cluster\"", p + ".cluster");
      continue;
    }
    model::Mirror m;
    m.backend = cluster(*name, item, f.reader(), static_cast<int>(i));
    if (const yaml::Node* rf = f.object(item, "runtime_fraction", p)) {
      f.keys(*rf, p + ".runtime_fraction", {"default_value"}, {"runtime_key"});
      if (const yaml::Node* dv = f.object(*rf, "default_value", p + ".runtime_fraction")) {
        const std::string dp = p + ".runtime_fraction.default_value";
        f.keys(*dv, dp, {"numerator", "denominator"});
        const double num = static_cast<double>(f.integer(*dv, "numerator", dp).value_or(0));
        const std::string den = f.string(*dv, "denominator", dp).value_or("HUNDRED");
        m.percent = den == "TEN_THOUSAND" ? num / 100 : den == "MILLION" ? num / 10000 : num;
      }
    }
    rule.mirrors.push_back(std::move(m));
  }
}

void readWeightedClusters(const Fields& f, const yaml::Node& wc, const std::string& path,
                          model::RouteRule& rule) {
  f.keys(wc, path, {"clusters", "total_weight"},
         {"runtime_key_prefix", "header_name", "random_value_specifier", "use_hash_policy"});
  const yaml::Node* list = f.list(wc, "clusters", path);
  if (!list || list->size() == 0) {
    f.error(wc, "weighted_clusters needs at least one cluster", path + ".clusters");
    return;
  }
  long long sum = 0;
  for (size_t i = 0; i < list->size(); ++i) {
    const yaml::Node& item = list->items()[i];
    const std::string p = idx(path + ".clusters", i);
    if (!item.isMap()) {
      f.error(item, std::string("expected object, got ") + item.typeName(), p);
      continue;
    }
    f.keys(item, p,
           {"name", "weight", "request_headers_to_add", "request_headers_to_remove",
            "response_headers_to_add", "response_headers_to_remove"},
           {"cluster_header", "metadata_match", "typed_per_filter_config", "host_rewrite_literal"});
    auto name = f.string(item, "name", p);
    if (!name || name->empty()) {
      f.error(item, "weighted cluster needs a \"name\"", p + ".name");
      continue;
    }
    model::BackendRef b = cluster(*name, item, f.reader(), static_cast<int>(i));
    const long long w = f.integer(item, "weight", p).value_or(0);
    if (w < 0) {
      f.error(*item.find("weight"), "weight must not be negative", p + ".weight");
    }
    b.weight = static_cast<int>(w);
    sum += w;
    readHeaderMutations(f, item, p, b.requestHeaders, b.responseHeaders);
    rule.backends.push_back(std::move(b));
  }
  if (auto total = f.integer(wc, "total_weight", path); total && *total != sum) {
    f.error(*wc.find("total_weight"),
            "total_weight " + std::to_string(*total) +
                " differs from the sum of the cluster weights (" + std::to_string(sum) + ")",
            path + ".total_weight");
  } else if (sum <= 0) {
    f.error(wc, "the sum of the cluster weights must be greater than 0", path + ".clusters");
  }
}

void readRewrites(const Fields& f, const yaml::Node& n, const std::string& path,
                  model::RouteRule& rule) {
  model::Rewrite rw;
  bool any = false;
  if (auto p = f.string(n, "prefix_rewrite", path)) {
    rw.path = model::PathModifier{model::PathModifierType::ReplacePrefixMatch, *p};
    any = true;
  }
  if (const yaml::Node* rr = f.object(n, "regex_rewrite", path)) {
    const std::string rp = path + ".regex_rewrite";
    f.keys(*rr, rp, {"pattern", "substitution"});
    const yaml::Node* pattern = f.object(*rr, "pattern", rp);
    if (pattern) {
      f.keys(*pattern, rp + ".pattern", {"regex", "google_re2"});
    }
    auto re = pattern ? f.string(*pattern, "regex", rp + ".pattern") : std::nullopt;
    if (!re) {
      f.error(*rr, "regex_rewrite needs pattern.regex", rp + ".pattern.regex");
    } else if (f.checkRegex(*pattern->find("regex"), *re, rp + ".pattern.regex")) {
      rw.regexPattern = re;
      rw.regexSubstitution = f.string(*rr, "substitution", rp).value_or("");
      any = true;
    }
    if (rw.path) {
      f.error(*rr, "prefix_rewrite and regex_rewrite are mutually exclusive", rp);
    }
  }
  if (auto host = f.string(n, "host_rewrite_literal", path)) {
    rw.hostname = *host;
    any = true;
  }
  if (any) {
    rule.rewrite = std::move(rw);
  }
}

}  // namespace

void readHeaderMutations(const Fields& f, const yaml::Node& n, const std::string& path,
                         model::HeaderModifier& request, model::HeaderModifier& response) {
  if (const yaml::Node* l = f.list(n, "request_headers_to_add", path)) {
    readHeadersToAdd(f, *l, path + ".request_headers_to_add", request);
  }
  if (const yaml::Node* l = f.list(n, "response_headers_to_add", path)) {
    readHeadersToAdd(f, *l, path + ".response_headers_to_add", response);
  }
  if (const yaml::Node* l = f.list(n, "request_headers_to_remove", path)) {
    for (const auto& h : l->items()) {
      request.remove.push_back(h.text());
    }
  }
  if (const yaml::Node* l = f.list(n, "response_headers_to_remove", path)) {
    for (const auto& h : l->items()) {
      response.remove.push_back(h.text());
    }
  }
}

void readRouteAction(const Fields& f, const yaml::Node& n, const std::string& path,
                     model::RouteRule& rule) {
  f.keys(n, path,
         {"cluster", "cluster_header", "weighted_clusters", "prefix_rewrite", "regex_rewrite",
          "host_rewrite_literal", "timeout", "idle_timeout", "retry_policy",
          "request_mirror_policies"},
         {"cluster_specifier_plugin",
          "inline_cluster_specifier_plugin",
          "cluster_not_found_response_code",
          "metadata_match",
          "path_rewrite_policy",
          "auto_host_rewrite",
          "host_rewrite_header",
          "host_rewrite_path_regex",
          "append_x_forwarded_host",
          "retry_policy_typed_config",
          "priority",
          "rate_limits",
          "include_vh_rate_limits",
          "hash_policy",
          "cors",
          "max_grpc_timeout",
          "grpc_timeout_offset",
          "upgrade_configs",
          "internal_redirect_policy",
          "internal_redirect_action",
          "max_internal_redirects",
          "hedge_policy",
          "max_stream_duration",
          "early_data_policy"});
  int specifiers = 0;
  if (auto c = f.string(n, "cluster", path)) {
    ++specifiers;
    rule.backends.push_back(cluster(*c, *n.find("cluster"), f.reader(), 0));
  }
  if (auto h = f.string(n, "cluster_header", path)) {
    ++specifiers;
    rule.clusterHeader = *h;
  }
  if (const yaml::Node* wc = f.object(n, "weighted_clusters", path)) {
    ++specifiers;
    readWeightedClusters(f, *wc, path + ".weighted_clusters", rule);
  }
  if (n.has("cluster_specifier_plugin") || n.has("inline_cluster_specifier_plugin")) {
    ++specifiers;
  }
  if (specifiers != 1) {
    f.error(n,
            specifiers == 0 ? "route action needs one of cluster, cluster_header, weighted_clusters"
                            : "route action must set only one of cluster, cluster_header, "
                              "weighted_clusters",
            path);
  }
  readRewrites(f, n, path, rule);
  rule.timeouts.request = f.duration(n, "timeout", path);
  rule.timeouts.idle = f.duration(n, "idle_timeout", path);
  if (const yaml::Node* rp = f.object(n, "retry_policy", path)) {
    rule.retry = readRetryPolicy(f, *rp, path + ".retry_policy");
  }
  if (const yaml::Node* mirrors = f.list(n, "request_mirror_policies", path)) {
    readMirrors(f, *mirrors, path + ".request_mirror_policies", rule);
  }
}

std::optional<model::RetryPolicy> readRetryPolicy(const Fields& f, const yaml::Node& n,
                                                  const std::string& path) {
  f.keys(n, path,
         {"retry_on", "num_retries", "per_try_timeout", "retriable_status_codes", "retry_back_off"},
         {"per_try_idle_timeout", "retry_priority", "retry_host_predicate",
          "retry_options_predicates", "host_selection_retry_max_attempts",
          "rate_limited_retry_back_off", "retriable_headers", "retriable_request_headers"});
  model::RetryPolicy p;
  for (const auto& on : strings::split(f.string(n, "retry_on", path).value_or(""), ',')) {
    if (auto t = strings::trim(on); !t.empty()) {
      p.retryOn.emplace_back(t);
    }
  }
  p.attempts = static_cast<int>(f.integer(n, "num_retries", path).value_or(1));
  p.perTryTimeout = f.duration(n, "per_try_timeout", path);
  if (const yaml::Node* codes = f.list(n, "retriable_status_codes", path)) {
    for (const auto& c : codes->items()) {
      if (auto v = c.asInt()) {
        p.statusCodes.push_back(static_cast<int>(*v));
      } else {
        f.error(c, "status code must be an integer", path + ".retriable_status_codes");
      }
    }
  }
  if (const yaml::Node* b = f.object(n, "retry_back_off", path)) {
    f.keys(*b, path + ".retry_back_off", {"base_interval", "max_interval"});
    p.backoff = f.duration(*b, "base_interval", path + ".retry_back_off");
    p.maxBackoff = f.duration(*b, "max_interval", path + ".retry_back_off");
  }
  return p;
}

void readRedirect(const Fields& f, const yaml::Node& n, const std::string& path,
                  model::RouteRule& rule) {
  f.keys(n, path,
         {"https_redirect", "scheme_redirect", "host_redirect", "port_redirect", "path_redirect",
          "prefix_rewrite", "response_code", "strip_query"},
         {"regex_rewrite"});
  model::Redirect r;
  if (f.boolean(n, "https_redirect", path).value_or(false)) {
    r.scheme = "https";
  }
  if (auto s = f.string(n, "scheme_redirect", path)) {
    r.scheme = strings::toLower(*s);
  }
  r.hostname = f.string(n, "host_redirect", path);
  if (auto port = f.integer(n, "port_redirect", path)) {
    r.port = static_cast<int>(*port);
  }
  if (auto p = f.string(n, "path_redirect", path)) {
    r.path = model::PathModifier{model::PathModifierType::ReplaceFullPath, *p};
  }
  if (auto p = f.string(n, "prefix_rewrite", path)) {
    if (r.path) {
      f.error(*n.find("prefix_rewrite"), "path_redirect and prefix_rewrite are mutually exclusive",
              path + ".prefix_rewrite");
    }
    r.path = model::PathModifier{model::PathModifierType::ReplacePrefixMatch, *p};
  }
  r.statusCode = 301;
  if (const yaml::Node* code = n.find("response_code")) {
    static const std::pair<const char*, int> kCodes[] = {{"MOVED_PERMANENTLY", 301},
                                                         {"FOUND", 302},
                                                         {"SEE_OTHER", 303},
                                                         {"TEMPORARY_REDIRECT", 307},
                                                         {"PERMANENT_REDIRECT", 308}};
    const std::string text = code->isScalar() ? code->text() : "";
    std::optional<int> status;
    for (size_t i = 0; i < std::size(kCodes); ++i) {
      if (text == kCodes[i].first || text == std::to_string(i)) {
        status = kCodes[i].second;
      }
    }
    if (!status) {
      f.error(*code,
              "unknown response_code \"" + text +
                  "\" (MOVED_PERMANENTLY, FOUND, SEE_OTHER, "
                  "TEMPORARY_REDIRECT, PERMANENT_REDIRECT)",
              path + ".response_code");
    }
    r.statusCode = status.value_or(301);
  }
  if (f.boolean(n, "strip_query", path).value_or(false)) {
    f.warning(*n.find("strip_query"), "strip_query is not supported: the query string is kept",
              path + ".strip_query");
  }
  rule.redirect = std::move(r);
}

void readDirectResponse(const Fields& f, const yaml::Node& n, const std::string& path,
                        model::RouteRule& rule) {
  f.keys(n, path, {"status", "body"}, {"body_format"});
  model::DirectResponse dr;
  auto status = f.integer(n, "status", path);
  if (!status || *status < 200 || *status > 599) {
    f.error(n.find("status") ? *n.find("status") : n, "direct_response needs a status in 200..599",
            path + ".status");
  }
  dr.status = static_cast<int>(status.value_or(200));
  if (const yaml::Node* body = f.object(n, "body", path)) {
    f.keys(*body, path + ".body", {"inline_string"},
           {"inline_bytes", "filename", "environment_variable"});
    dr.body = f.string(*body, "inline_string", path + ".body");
  }
  rule.directResponse = std::move(dr);
}

void readPerFilterConfig(const Fields& f, const yaml::Node& n, const std::string& path,
                         model::RouteRule& rule) {
  for (const auto& e : n.entries()) {
    const std::string p = path + "." + e.key;
    const yaml::Node& cfg = e.value;
    const yaml::Node* type = cfg.isMap() ? cfg.find("@type") : nullptr;
    const bool localRateLimit =
        e.key == "envoy.filters.http.local_ratelimit" ||
        (type && type->isScalar() && type->text().find("local_ratelimit.v3.LocalRateLimit") != std::string::npos);
    if (!localRateLimit || !cfg.isMap()) {
      f.warning(cfg, "per-route config of filter \"" + e.key + "\" is not modelled; ignored", p);
      continue;
    }
    f.keys(cfg, p, {"@type", "stat_prefix", "token_bucket"},
           {"filter_enabled", "filter_enforced", "response_headers_to_add",
            "request_headers_to_add_when_not_enforced", "descriptors", "stage", "status",
            "local_rate_limit_per_downstream_connection", "enable_x_ratelimit_headers",
            "vh_rate_limits", "always_consume_default_token_bucket", "rate_limited_as_resource_exhausted"});
    const yaml::Node* bucket = f.object(cfg, "token_bucket", p);
    if (!bucket) {
      continue;  // without a bucket Envoy's filter does not limit this route
    }
    const std::string bp = p + ".token_bucket";
    f.keys(*bucket, bp, {"max_tokens", "tokens_per_fill", "fill_interval"});
    auto maxTokens = f.integer(*bucket, "max_tokens", bp);
    auto perFill = f.integer(*bucket, "tokens_per_fill", bp).value_or(1);
    auto interval = f.duration(*bucket, "fill_interval", bp);
    if (!maxTokens || *maxTokens < 1) {
      f.error(*bucket, "token_bucket needs max_tokens of at least 1", bp + ".max_tokens");
      continue;
    }
    if (!interval || interval->millis < 1) {
      f.error(*bucket, "token_bucket needs a fill_interval of at least 1ms", bp + ".fill_interval");
      continue;
    }
    if (perFill < 1) {
      f.error(*bucket, "tokens_per_fill must be at least 1", bp + ".tokens_per_fill");
      continue;
    }
    model::RateLimit limit;
    limit.requests = static_cast<int>(perFill);
    limit.per = *interval;
    limit.burst = static_cast<int>(*maxTokens);
    rule.rateLimit = limit;
  }
}

}  // namespace routedeck::core::dialects::envoy::detail
