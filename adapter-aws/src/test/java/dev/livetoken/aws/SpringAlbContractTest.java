package dev.livetoken.aws;

/** The contract through the Spring Cloud Function handler, reached through an ALB target group. */
class SpringAlbContractTest extends AlbContractTest {

  @Override
  String handlerClass() {
    return SpringTokenHandler.class.getName();
  }
}
