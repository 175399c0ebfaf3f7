package dev.livetoken.aws;

/** The contract through the Spring Cloud Function handler, reached through an ALB target group with multi-value headers. */
class SpringAlbMultiValueContractTest extends AlbMultiValueContractTest {

  @Override
  String handlerClass() {
    return SpringTokenHandler.class.getName();
  }
}
