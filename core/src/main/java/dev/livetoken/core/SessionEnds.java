package dev.livetoken.core;

import com.fasterxml.jackson.core.JsonToken;
import dev.livetoken.core.live.MintedToken;
import dev.livetoken.core.sessions.SessionClaims;
import dev.livetoken.core.sessions.SessionIds;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and checks a widget's session-end report, {@code {"sessionId", "duration", "siteKey"?}}: the id must
 * be one this service signed, for a token not long expired, and the duration must fit in a token's life.
 */
final class SessionEnds {

  /** Reports arrive after the session: accepted until this long after the token expired. */
  static final Duration LATE_REPORT_WINDOW = Duration.ofMinutes(10);
  static final long MAX_DURATION_SECONDS = MintedToken.LIFETIME.toSeconds();

  /**
   * One accepted report.
   *
   * @param duration seconds, as the widget counted them (whole seconds from the real widget)
   */
  record Ended(String sessionId, SessionClaims session, double duration) {}

  private final SessionIds ids;
  private final Clock clock;

  SessionEnds(SessionIds ids, Clock clock) {
    this.ids = ids;
    this.clock = clock;
  }

  /** @throws InvalidRequestException naming the field at fault */
  Ended read(byte[] body) {
    Map<String, Object> fields = new HashMap<>();
    TokenRequestReader.readObject(body, (name, parser, value) -> {
      switch (name) {
        case "sessionId", "siteKey" -> fields.put(name, TokenRequestReader.text(parser, value, name));
        case "duration" -> {
          if (value != JsonToken.VALUE_NULL) {
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
              throw new InvalidRequestException("Field 'duration' must be a number of seconds");
            }
            fields.put(name, parser.getDoubleValue());
          }
        }
        default -> parser.skipChildren();
      }
    });
    String sessionId = (String) fields.get("sessionId");
    if (sessionId == null || sessionId.isBlank()) {
      throw new InvalidRequestException("Field 'sessionId' is required");
    }
    SessionClaims session = ids.verify(sessionId).orElseThrow(() ->
        new InvalidRequestException("Field 'sessionId' is not a session id this service issued"));
    if (clock.instant().isAfter(session.expireTime().plus(LATE_REPORT_WINDOW))) {
      throw new InvalidRequestException("Field 'sessionId' belongs to a token that expired more than "
          + LATE_REPORT_WINDOW.toMinutes() + " minutes ago");
    }
    Double duration = (Double) fields.get("duration");
    if (duration == null) {
      throw new InvalidRequestException("Field 'duration' is required");
    }
    if (!(duration >= 0 && duration <= MAX_DURATION_SECONDS)) {
      throw new InvalidRequestException(
          "Field 'duration' must be between 0 and " + MAX_DURATION_SECONDS + " seconds");
    }
    String siteKey = (String) fields.get("siteKey");
    // The widget sends "" when it has no site key.
    if (siteKey != null && !siteKey.isEmpty() && !siteKey.equals(session.site())) {
      throw new InvalidRequestException("Field 'siteKey' does not match the session's site");
    }
    return new Ended(sessionId, session, duration);
  }
}
