int runAppMeshToIstioTests(int, char**) { return 0; }
