package dev.livetoken.aws;

/** The contract through the Spring Cloud Function handler, reached through a Lambda Function URL (base64 bodies). */
class SpringFunctionUrlContractTest extends FunctionUrlContractTest {

  @Override
  String handlerClass() {
    return SpringTokenHandler.class.getName();
  }
}
