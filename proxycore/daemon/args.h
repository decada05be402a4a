#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/common/result.h"

namespace routedeck::core::cli {

// Declarative command-line options: "--name VALUE", "--name=VALUE", repeated
// options, boolean flags and positional arguments. Unknown options are errors.
struct OptionSpec {
  std::string name;       // without dashes
  char shortName = 0;     // e.g. 'H'
  bool takesValue = true;
  bool repeatable = false;
  std::string valueName;  // for --help
  std::string help;
};

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> positional;
  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
};

Result<ParsedArgs> parseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& specs);
std::string formatOptions(const std::vector<OptionSpec>& specs);

}  // namespace routedeck::core::cli
