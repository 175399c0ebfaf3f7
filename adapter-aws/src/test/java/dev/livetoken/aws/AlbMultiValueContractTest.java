package dev.livetoken.aws;

/** The contract through the Lambda handler, reached through an Application Load Balancer with multi-value headers. */
class AlbMultiValueContractTest extends LambdaContract {

  @Override
  EventShape shape() {
    return EventShape.ALB_MULTI_VALUE;
  }
}
