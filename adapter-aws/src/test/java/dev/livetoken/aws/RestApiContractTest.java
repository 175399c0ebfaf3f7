package dev.livetoken.aws;

/** The contract through the Lambda handler, reached through API Gateway REST API (payload 1.0). */
class RestApiContractTest extends LambdaContract {

  @Override
  EventShape shape() {
    return EventShape.REST_API;
  }
}
