package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context handed to priming invocations, which no runtime delivered. */
final class PrimingContext implements Context {

  @Override
  public String getAwsRequestId() {
    return "snapstart-priming";
  }

  @Override
  public String getLogGroupName() {
    return null;
  }

  @Override
  public String getLogStreamName() {
    return null;
  }

  @Override
  public String getFunctionName() {
    return null;
  }

  @Override
  public String getFunctionVersion() {
    return null;
  }

  @Override
  public String getInvokedFunctionArn() {
    return null;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return 60_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 0;
  }

  @Override
  public LambdaLogger getLogger() {
    return null;
  }
}
