#pragma once
// Request URL parsing: the query parameters the API accepts, Go's
// ParseBool, and label and field selectors.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proxycore/common/result.h"
#include "tests/kubeapi/json_support.h"

namespace routedeck::tests::kubeapi {

struct Query {
  std::map<std::string, std::string> params;  // last value wins, percent-decoded

  static Query parse(std::string_view query);
  const std::string* find(const std::string& name) const;
  std::string get(const std::string& name) const;
  // Go's strconv.ParseBool ("1", "t", "T", "TRUE", "true", "True" and the
  // false forms): the Python client sends watch=True. Absent or empty is
  // false; anything else is an error naming the parameter.
  core::Result<bool> flag(const std::string& name) const;
};

std::string percentDecode(std::string_view text, bool plusIsSpace);

// The media ranges of an Accept header, in the client's order
// ("application/json;as=Table;v=v1;g=meta.k8s.io", ...).
std::vector<std::string> mediaRanges(const std::string& accept);

// One requirement of a label selector.
struct LabelRequirement {
  enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
  std::string key;
  Op op = Op::Exists;
  std::vector<std::string> values;
};

// "app=web,tier!=db,env in (a,b),env notin (c),team,!legacy"; errors say
// which part did not parse.
core::Result<std::vector<LabelRequirement>> parseLabelSelector(std::string_view text);
bool matchesLabels(const std::vector<LabelRequirement>& selector, const Json& object);

// fieldSelector: metadata.name and metadata.namespace with =, == or !=,
// as custom resources support.
struct FieldRequirement {
  std::string field;
  bool equals = true;
  std::string value;
};
core::Result<std::vector<FieldRequirement>> parseFieldSelector(std::string_view text);
bool matchesFields(const std::vector<FieldRequirement>& selector, const Json& object);

}  // namespace routedeck::tests::kubeapi
