#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace routedeck::core::cli {

// Exit codes shared by every command.
constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;  // input files invalid, or the request could not be routed
constexpr int kExitUsage = 2;    // bad command line

// Each command takes its arguments (without the command name) and writes
// results to out, diagnostics and reports to err. They never throw.
int runCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runExplain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runRoutes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runServe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runEcho(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runRouteTest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Dispatches argv[1] to a command; prints usage for --help or no command.
int runMain(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

}  // namespace routedeck::core::cli
