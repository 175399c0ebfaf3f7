package dev.livetoken.aws;

/**
 * The invocation payload is not an HTTP event this handler understands. Carries as much of the event's shape
 * as was recognised, so the 400 can still be answered in a form the front end accepts.
 */
final class MalformedEventException extends Exception {

  private final EventSource source;
  private final boolean multiValueHeaders;

  MalformedEventException(String reason, EventSource source, boolean multiValueHeaders) {
    super(reason, null, false, false);
    this.source = source;
    this.multiValueHeaders = multiValueHeaders;
  }

  /** The front end, or null when not even that could be told. */
  EventSource source() {
    return source;
  }

  boolean multiValueHeaders() {
    return multiValueHeaders;
  }
}
