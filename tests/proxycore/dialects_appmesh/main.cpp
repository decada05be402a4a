// One executable, one Qt Test class per concern; each file exposes a runner.
#include <QCoreApplication>

int runAppMeshImportTests(int argc, char** argv);
int runAppMeshRoundTripTests(int argc, char** argv);
int runAppMeshToGatewayApiTests(int argc, char** argv);
int runAppMeshToIstioTests(int argc, char** argv);
int runAppMeshFromOtherTests(int argc, char** argv);

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int failures = 0;
  failures += runAppMeshImportTests(argc, argv);
  failures += runAppMeshRoundTripTests(argc, argv);
  failures += runAppMeshToGatewayApiTests(argc, argv);
  failures += runAppMeshToIstioTests(argc, argv);
  failures += runAppMeshFromOtherTests(argc, argv);
  return failures == 0 ? 0 : 1;
}
