package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livetoken.core.sessions.SessionClaims;
import dev.livetoken.core.sessions.SessionIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The edges of a session-end report: how late it may come, how long a session may have lasted. */
class SessionEndsTest {

  private static final Instant EXPIRY = Instant.parse("2026-11-26T12:30:00Z");
  private static final SessionIds IDS = SessionIds.withSecret("a-session-secret-of-32-characters!");
  private static final SessionClaims CLAIMS = new SessionClaims("site-a", "m", "Kore", EXPIRY, "n");
  private static final String ID = IDS.issue(CLAIMS);

  @Test
  void acceptedUntilTenMinutesAfterTheTokenExpiredAndNotASecondLater() {
    assertThat(at(EXPIRY.plusSeconds(600)).read(body(ID, "3", "site-a")))
        .isEqualTo(new SessionEnds.Ended(ID, CLAIMS, 3));
    assertThatThrownBy(() -> at(EXPIRY.plusSeconds(601)).read(body(ID, "3", "")))
        .hasMessage("Field 'sessionId' belongs to a token that expired more than 10 minutes ago");
  }

  @Test
  void aDurationIsZeroToTheTokensThirtyMinutes() {
    SessionEnds ends = at(EXPIRY);

    assertThat(ends.read(body(ID, "0", "")).duration()).isZero();
    assertThat(ends.read(body(ID, "1800", "")).duration()).isEqualTo(1800);
    assertThat(ends.read(body(ID, "1.5e3", "")).duration()).isEqualTo(1500);
    for (String outOfBounds : new String[] {"-1", "-0.001", "1800.001", "1801"}) {
      assertThatThrownBy(() -> ends.read(body(ID, outOfBounds, "")))
          .hasMessage("Field 'duration' must be between 0 and 1800 seconds");
    }
  }

  @Test
  void aSiteKeyMustBeTheSessionsOwnOrEmptyOrAbsent() {
    SessionEnds ends = at(EXPIRY);

    assertThat(ends.read(("{\"sessionId\":\"" + ID + "\",\"duration\":1}").getBytes(StandardCharsets.UTF_8)))
        .isNotNull();
    assertThat(ends.read(body(ID, "1", "")).session().site()).isEqualTo("site-a");
    assertThatThrownBy(() -> ends.read(body(ID, "1", "site-b")))
        .hasMessage("Field 'siteKey' does not match the session's site");
  }

  private static SessionEnds at(Instant now) {
    return new SessionEnds(IDS, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static byte[] body(String id, String duration, String siteKey) {
    return ("{\"siteKey\":\"" + siteKey + "\",\"sessionId\":\"" + id + "\",\"duration\":" + duration + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
