#include "tests/kubeapi/query.h"

#include <algorithm>

namespace routedeck::tests::kubeapi {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Splits on commas outside parentheses ("a in (x,y),b" is two parts).
std::vector<std::string_view> splitTopLevel(std::string_view text) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || (text[i] == ',' && depth == 0)) {
      out.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    } else if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')') {
      --depth;
    }
  }
  return out;
}

const Json* labelsOf(const Json& object) {
  auto m = object.find("metadata");
  if (m == object.end() || !m->is_object()) return nullptr;
  auto l = m->find("labels");
  return l == m->end() || !l->is_object() ? nullptr : &*l;
}

core::Result<LabelRequirement> parseSetRequirement(std::string_view part, size_t at, bool notIn) {
  LabelRequirement r;
  r.key = std::string(trim(part.substr(0, at)));
  r.op = notIn ? LabelRequirement::Op::NotIn : LabelRequirement::Op::In;
  const size_t open = part.find('(', at);
  const size_t close = part.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return core::makeError(core::ErrorCode::Parse,
                           "unable to parse requirement: found '" + std::string(part) +
                               "', expected: '(' and ')' around the values");
  }
  for (auto v : splitTopLevel(part.substr(open + 1, close - open - 1))) {
    r.values.emplace_back(v);
  }
  return r;
}

}  // namespace

std::string percentDecode(std::string_view text, bool plusIsSpace) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
        hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else if (text[i] == '+' && plusIsSpace) {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

Query Query::parse(std::string_view query) {
  Query q;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      const std::string name = percentDecode(pair.substr(0, eq), true);
      q.params[name] =
          eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1), true);
    }
    start = end + 1;
  }
  return q;
}

const std::string* Query::find(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

std::string Query::get(const std::string& name) const {
  const std::string* v = find(name);
  return v ? *v : std::string();
}

core::Result<bool> Query::flag(const std::string& name) const {
  const std::string v = get(name);
  if (v.empty() || v == "0" || v == "f" || v == "F" || v == "false" || v == "FALSE" ||
      v == "False") {
    return false;
  }
  if (v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True") {
    return true;
  }
  return core::makeError(
      core::ErrorCode::Parse,
      "strconv.ParseBool: parsing \"" + v + "\": invalid syntax (query parameter " + name + ")");
}

core::Result<std::vector<LabelRequirement>> parseLabelSelector(std::string_view text) {
  std::vector<LabelRequirement> out;
  if (trim(text).empty()) {
    return out;
  }
  for (std::string_view part : splitTopLevel(text)) {
    if (part.empty()) {
      return core::makeError(core::ErrorCode::Parse, "found '', expected: identifier");
    }
    LabelRequirement r;
    if (const size_t at = part.find(" notin "); at != std::string_view::npos) {
      auto set = parseSetRequirement(part, at, true);
      if (!set) return set.error();
      out.push_back(*set);
      continue;
    }
    if (const size_t at = part.find(" in "); at != std::string_view::npos) {
      auto set = parseSetRequirement(part, at, false);
      if (!set) return set.error();
      out.push_back(*set);
      continue;
    }
    if (const size_t at = part.find("!="); at != std::string_view::npos) {
      r = {std::string(trim(part.substr(0, at))),
           LabelRequirement::Op::NotEquals,
           {std::string(trim(part.substr(at + 2)))}};
    } else if (const size_t at2 = part.find("=="); at2 != std::string_view::npos) {
      r = {std::string(trim(part.substr(0, at2))),
           LabelRequirement::Op::Equals,
           {std::string(trim(part.substr(at2 + 2)))}};
    } else if (const size_t at3 = part.find('='); at3 != std::string_view::npos) {
      r = {std::string(trim(part.substr(0, at3))),
           LabelRequirement::Op::Equals,
           {std::string(trim(part.substr(at3 + 1)))}};
    } else if (part.front() == '!') {
      r = {std::string(trim(part.substr(1))), LabelRequirement::Op::DoesNotExist, {}};
    } else {
      r = {std::string(part), LabelRequirement::Op::Exists, {}};
    }
    if (r.key.empty() || r.key.find_first_of(" ()") != std::string::npos) {
      return core::makeError(core::ErrorCode::Parse,
                             "unable to parse requirement: found '" + std::string(part) + "'");
    }
    out.push_back(std::move(r));
  }
  return out;
}

bool matchesLabels(const std::vector<LabelRequirement>& selector, const Json& object) {
  const Json* labels = labelsOf(object);
  for (const auto& r : selector) {
    const bool has = labels && labels->contains(r.key) && (*labels)[r.key].is_string();
    const std::string value = has ? (*labels)[r.key].get<std::string>() : std::string();
    const bool listed = std::find(r.values.begin(), r.values.end(), value) != r.values.end();
    bool ok = true;
    switch (r.op) {
      case LabelRequirement::Op::Equals:
        ok = has && value == r.values.front();
        break;
      case LabelRequirement::Op::NotEquals:
        ok = !has || value != r.values.front();
        break;
      case LabelRequirement::Op::In:
        ok = has && listed;
        break;
      case LabelRequirement::Op::NotIn:
        ok = !has || !listed;
        break;
      case LabelRequirement::Op::Exists:
        ok = has;
        break;
      case LabelRequirement::Op::DoesNotExist:
        ok = !has;
        break;
    }
    if (!ok) return false;
  }
  return true;
}

core::Result<std::vector<FieldRequirement>> parseFieldSelector(std::string_view text) {
  std::vector<FieldRequirement> out;
  if (trim(text).empty()) {
    return out;
  }
  for (std::string_view part : splitTopLevel(text)) {
    FieldRequirement r;
    size_t at = part.find("!=");
    size_t width = 2;
    r.equals = at == std::string_view::npos;
    if (r.equals) {
      at = part.find("==");
      if (at == std::string_view::npos) {
        at = part.find('=');
        width = 1;
      }
    }
    if (at == std::string_view::npos) {
      return core::makeError(core::ErrorCode::Parse, "invalid selector: '" + std::string(part) +
                                                         "'; can't understand '" +
                                                         std::string(part) + "'");
    }
    r.field = std::string(trim(part.substr(0, at)));
    r.value = std::string(trim(part.substr(at + width)));
    if (r.field != "metadata.name" && r.field != "metadata.namespace") {
      return core::makeError(core::ErrorCode::Invalid,
                             "\"" + r.field +
                                 "\" is not a known field selector: only \"metadata.name\", "
                                 "\"metadata.namespace\"");
    }
    out.push_back(std::move(r));
  }
  return out;
}

bool matchesFields(const std::vector<FieldRequirement>& selector, const Json& object) {
  for (const auto& r : selector) {
    const std::string key = r.field == "metadata.name" ? "name" : "namespace";
    const Json& meta = object["metadata"];
    const std::string value = meta.contains(key) ? meta[key].get<std::string>() : std::string();
    if ((value == r.value) != r.equals) return false;
  }
  return true;
}

std::vector<std::string> mediaRanges(const std::string& accept) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < accept.size()) {
    size_t end = accept.find(',', start);
    if (end == std::string::npos) {
      end = accept.size();
    }
    out.push_back(accept.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace routedeck::tests::kubeapi
