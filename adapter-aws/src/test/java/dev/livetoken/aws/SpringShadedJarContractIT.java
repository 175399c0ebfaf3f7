package dev.livetoken.aws;

/** The contract through the deployable jar behind the Spring Cloud Function handler. */
class SpringShadedJarContractIT extends ShadedJarContractIT {

  @Override
  String handlerClass() {
    return SpringTokenHandler.class.getName();
  }
}
