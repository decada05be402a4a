// One executable, one Qt Test class per concern; each file exposes a runner.
#include <QCoreApplication>

int runIstioImportTests(int argc, char** argv);
int runIstioRoundTripTests(int argc, char** argv);
int runIstioEditTests(int argc, char** argv);
int runIstioFromGatewayApiTests(int argc, char** argv);
int runIstioToGatewayApiTests(int argc, char** argv);

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int failures = 0;
  failures += runIstioImportTests(argc, argv);
  failures += runIstioRoundTripTests(argc, argv);
  failures += runIstioEditTests(argc, argv);
  failures += runIstioFromGatewayApiTests(argc, argv);
  failures += runIstioToGatewayApiTests(argc, argv);
  return failures == 0 ? 0 : 1;
}
