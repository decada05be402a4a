#include <exception>
#include <iostream>

#include "proxycore/daemon/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  try {
    return routedeck::core::cli::runMain(args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    // Commands report failures as values; this is the last line of defence
    // so that a bug never prints a stack trace at the operator.
    std::cerr << "routedeckd: internal error: " << e.what() << '\n';
    return 70;
  }
}
