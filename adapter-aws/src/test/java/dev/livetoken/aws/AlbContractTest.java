package dev.livetoken.aws;

/** The contract through the Lambda handler, reached through an Application Load Balancer. */
class AlbContractTest extends LambdaContract {

  @Override
  EventShape shape() {
    return EventShape.ALB;
  }
}
