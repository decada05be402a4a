#include "proxycore/daemon/args.h"

namespace routedeck::core::cli {

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) {
    return std::nullopt;
  }
  return it->second.back();
}

std::vector<std::string> ParsedArgs::all(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

Result<ParsedArgs> parseArgs(const std::vector<std::string>& args,
                             const std::vector<OptionSpec>& specs) {
  ParsedArgs out;
  auto find = [&](const std::string& name, char shortName) -> const OptionSpec* {
    for (const auto& s : specs) {
      if ((!name.empty() && s.name == name) || (shortName && s.shortName == shortName)) {
        return &s;
      }
    }
    return nullptr;
  };
  bool onlyPositional = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (onlyPositional || a.size() < 2 || a[0] != '-') {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      onlyPositional = true;
      continue;
    }
    std::string name;
    std::optional<std::string> inlineValue;
    const OptionSpec* spec = nullptr;
    if (a.starts_with("--")) {
      name = a.substr(2);
      if (size_t eq = name.find('='); eq != std::string::npos) {
        inlineValue = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      spec = find(name, 0);
    } else {
      spec = find("", a[1]);
      if (a.size() > 2) {
        inlineValue = a.substr(2);
      }
    }
    if (!spec) {
      return makeError(ErrorCode::Usage, "unknown option '" + a + "'");
    }
    if (!spec->takesValue) {
      if (inlineValue) {
        return makeError(ErrorCode::Usage, "option --" + spec->name + " takes no value");
      }
      out.values[spec->name].push_back("true");
      continue;
    }
    std::string value;
    if (inlineValue) {
      value = *inlineValue;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return makeError(ErrorCode::Usage, "option --" + spec->name + " needs a value (" +
                                             spec->valueName + ")");
    }
    if (!spec->repeatable && out.has(spec->name)) {
      return makeError(ErrorCode::Usage, "option --" + spec->name + " given twice");
    }
    out.values[spec->name].push_back(value);
  }
  return out;
}

std::string formatOptions(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& s : specs) {
    std::string left = "  ";
    left += s.shortName ? std::string("-") + s.shortName + ", " : "    ";
    left += "--" + s.name;
    if (s.takesValue) {
      left += " " + s.valueName;
    }
    if (left.size() < 30) {
      left.resize(30, ' ');
    } else {
      left += "\n" + std::string(30, ' ');
    }
    out += left + s.help + "\n";
  }
  return out;
}

}  // namespace routedeck::core::cli
