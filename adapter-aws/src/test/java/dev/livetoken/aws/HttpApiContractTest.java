package dev.livetoken.aws;

/** The contract through the Lambda handler, reached through API Gateway HTTP API (payload 2.0). */
class HttpApiContractTest extends LambdaContract {

  @Override
  EventShape shape() {
    return EventShape.HTTP_API;
  }
}
