int runAppMeshToGatewayApiTests(int, char**) { return 0; }
