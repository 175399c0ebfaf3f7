package dev.livetoken.aws;

/** Which AWS front end sent an HTTP event: they differ in where method, path and client address live. */
enum EventSource {
  /** API Gateway REST API, payload format 1.0. */
  REST_API,
  /** API Gateway HTTP API with payload format 2.0, and Lambda Function URLs (same shape). */
  HTTP_API,
  /** An Application Load Balancer target group. */
  ALB
}
