package dev.livetoken.aws;

/** The contract through the Spring Cloud Function handler, reached through API Gateway REST API (payload 1.0). */
class SpringRestApiContractTest extends RestApiContractTest {

  @Override
  String handlerClass() {
    return SpringTokenHandler.class.getName();
  }
}
