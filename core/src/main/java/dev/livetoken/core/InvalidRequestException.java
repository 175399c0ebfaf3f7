package dev.livetoken.core;

/** A request the function refuses; the message names the field and is safe to show to the caller. */
public final class InvalidRequestException extends RuntimeException {

  public InvalidRequestException(String message) {
    super(message, null, false, false);
  }
}
