package dev.livetoken.aws;

/** The contract through the Spring Cloud Function handler, reached through API Gateway HTTP API (payload 2.0). */
class SpringHttpApiContractTest extends HttpApiContractTest {

  @Override
  String handlerClass() {
    return SpringTokenHandler.class.getName();
  }
}
