package dev.livetoken.aws;

/** The contract through the Lambda handler, reached through a Lambda Function URL (base64 bodies). */
class FunctionUrlContractTest extends LambdaContract {

  @Override
  EventShape shape() {
    return EventShape.FUNCTION_URL;
  }
}
