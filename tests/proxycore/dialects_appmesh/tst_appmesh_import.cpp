#include <QTest>
int runAppMeshImportTests(int, char**) { return 0; }
