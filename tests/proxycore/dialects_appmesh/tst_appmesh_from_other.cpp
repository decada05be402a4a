int runAppMeshFromOtherTests(int, char**) { return 0; }
