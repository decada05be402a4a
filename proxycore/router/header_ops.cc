#include "proxycore/router/header_ops.h"

#include <algorithm>

#include "proxycore/common/strings.h"

namespace routedeck::core::router {

namespace {

std::string expand(const std::string& command, const FormatContext& ctx, bool* known) {
  *known = true;
  const std::string addr = ctx.downstreamAddress;
  const std::string withPort = addr + ":" + std::to_string(ctx.downstreamPort);
  if (command == "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT" ||
      command == "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT" ||
      command == "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT") {
    return addr;
  }
  if (command == "DOWNSTREAM_REMOTE_ADDRESS" || command == "DOWNSTREAM_DIRECT_REMOTE_ADDRESS" ||
      command == "DOWNSTREAM_LOCAL_ADDRESS") {
    return withPort;
  }
  if (command == "PROTOCOL") {
    return ctx.protocol;
  }
  if (strings::startsWith(command, "REQ(") && command.back() == ')' && ctx.request) {
    return ctx.request->header(command.substr(4, command.size() - 5)).value_or("");
  }
  *known = false;
  return {};
}

}  // namespace

std::string formatHeaderValue(const std::string& value, const FormatContext& ctx) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    const size_t end = value.find('%', i + 1);
    bool known = false;
    const std::string text =
        end == std::string::npos ? "" : expand(value.substr(i + 1, end - i - 1), ctx, &known);
    if (!known) {
      out += value[i];
      continue;
    }
    out += text;
    i = end;
  }
  return out;
}

void applyHeaderModifier(const model::HeaderModifier& m, HeaderList& headers,
                         const FormatContext* ctx) {
  auto erase = [&](const std::string& name) {
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [&](const auto& h) { return strings::iequals(h.first, name); }),
                  headers.end());
  };
  auto value = [&](const std::string& v) { return ctx ? formatHeaderValue(v, *ctx) : v; };
  for (const auto& name : m.remove) {
    erase(name);
  }
  for (const auto& h : m.set) {
    erase(h.name);
    headers.emplace_back(h.name, value(h.value));
  }
  for (const auto& h : m.add) {
    headers.emplace_back(h.name, value(h.value));
  }
}

}  // namespace routedeck::core::router
