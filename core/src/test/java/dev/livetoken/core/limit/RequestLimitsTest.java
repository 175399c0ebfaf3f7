package dev.livetoken.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The budgets counted on this instance (no REDIS_URL). Rates are low enough that nothing refills mid-test. */
class RequestLimitsTest {

  @Test
  void eachCallerGetsExactlyItsAllowanceThenTheSecondsUntilTheNextRequest() {
    RequestLimits limits = new RequestLimits(Buckets.local(), 4, 0);

    for (int i = 0; i < 4; i++) {
      assertThat(limits.admit("198.51.100.1").refusal()).as("request %d", i + 1).isEmpty();
    }
    // 4 a minute: one back every 15 s.
    assertThat(limits.admit("198.51.100.1").refusal()).isEqualTo(OptionalLong.of(15));
    assertThat(limits.admit("198.51.100.2").refusal()).as("another caller").isEmpty();
  }

  @Test
  void aCallerOnIpv6IsCountedPerSlash64() {
    RequestLimits limits = new RequestLimits(Buckets.local(), 2, 0);

    assertThat(limits.admit("2001:db8:1:2::a").refusal()).isEmpty();
    assertThat(limits.admit("2001:db8:1:2:ffff::b").refusal()).isEmpty();
    assertThat(limits.admit("2001:db8:1:2:0:0:0:c").refusal()).isEqualTo(OptionalLong.of(30));
    assertThat(limits.admit("2001:db8:1:3::a").refusal()).as("the next /64").isEmpty();
  }

  @Test
  void allCallersTogetherGetExactlyTheGlobalAllowance() {
    RequestLimits limits = new RequestLimits(Buckets.local(), 100, 3);

    assertThat(limits.admit("192.0.2.1").refusal()).isEmpty();
    assertThat(limits.admit("192.0.2.2").refusal()).isEmpty();
    assertThat(limits.admit("192.0.2.3").refusal()).isEmpty();
    // 3 a minute: one back every 20 s.
    assertThat(limits.admit("192.0.2.4").refusal()).isEqualTo(OptionalLong.of(20));
    assertThat(limits.admit("192.0.2.1").refusal()).isEqualTo(OptionalLong.of(20));
  }

  @Test
  void aCallerOverItsOwnLimitDoesNotSpendTheGlobalOne() {
    RequestLimits limits = new RequestLimits(Buckets.local(), 1, 2);

    assertThat(limits.admit("192.0.2.1").refusal()).isEmpty();
    assertThat(limits.admit("192.0.2.1").refusal()).isEqualTo(OptionalLong.of(60));
    assertThat(limits.admit("192.0.2.1").refusal()).isEqualTo(OptionalLong.of(60));
    assertThat(limits.admit("192.0.2.2").refusal()).as("the second global token is still there").isEmpty();
    assertThat(limits.admit("192.0.2.3").refusal()).isEqualTo(OptionalLong.of(30));
  }

  @Test
  void aRequestRefusedByTheGlobalLimitHasStillSpentItsCallersToken() {
    RequestLimits limits = new RequestLimits(Buckets.local(), 2, 1);

    assertThat(limits.admit("192.0.2.1").refusal()).isEmpty();
    assertThat(limits.admit("192.0.2.2").refusal()).as("refused by the global limit").isEqualTo(OptionalLong.of(60));
    assertThat(limits.admit("192.0.2.2").refusal()).as("refused by the global limit").isEqualTo(OptionalLong.of(60));
    // Its own two tokens went to the two refused requests: now its own bucket refuses (2 a minute: 30 s).
    assertThat(limits.admit("192.0.2.2").refusal()).isEqualTo(OptionalLong.of(30));
  }

  @Test
  void zeroTurnsEachLimitOff() {
    RequestLimits off = new RequestLimits(Buckets.local(), 0, 0);
    RequestLimits globalOnly = new RequestLimits(Buckets.local(), 0, 5);

    for (int i = 0; i < 1000; i++) {
      assertThat(off.admit("192.0.2.1").refusal()).isEmpty();
    }
    for (int i = 0; i < 5; i++) {
      assertThat(globalOnly.admit("192.0.2.1").refusal()).isEmpty();
    }
    assertThat(globalOnly.admit("192.0.2.1").refusal()).isEqualTo(OptionalLong.of(12));
  }

  @Test
  void anyNamedBudgetIsCountedApartFromTheOthers() {
    Buckets buckets = Buckets.local();
    Budget site = new Budget("site", 1);

    assertThat(buckets.tryConsume(site, "key-a")).isEmpty();
    assertThat(buckets.tryConsume(site, "key-a")).isEqualTo(OptionalLong.of(60));
    assertThat(buckets.tryConsume(new Budget("other", 1), "key-a")).isEmpty();
  }

  @Test
  void sessionEndReportsHaveTheCallersAllowanceInBucketsOfTheirOwn() {
    RequestLimits limits = new RequestLimits(Buckets.local(), 2, 1);

    assertThat(limits.admit("192.0.2.1").refusal()).isEmpty();
    assertThat(limits.admitSessionEnd("192.0.2.1").refusal()).as("tokens spent nothing of the reports").isEmpty();
    assertThat(limits.admitSessionEnd("192.0.2.1").refusal()).as("nor the global token").isEmpty();
    assertThat(limits.admitSessionEnd("192.0.2.1").refusal()).isEqualTo(OptionalLong.of(30));
    assertThat(limits.admitSessionEnd("2001:db8:1:2::a").refusal()).isEmpty();
    assertThat(limits.admitSessionEnd("2001:db8:1:2::b").refusal()).isEmpty();
    assertThat(limits.admitSessionEnd("2001:db8:1:2::c").refusal()).as("counted per /64").isEqualTo(OptionalLong.of(30));
  }

  @Test
  void eachSiteGetsExactlyItsOwnBudgetApartFromTheCallers() {
    RequestLimits limits = new RequestLimits(Buckets.local(), 1, 0);

    for (int i = 0; i < 3; i++) {
      assertThat(limits.admit("192.0.2.99").admitSite("shop", 3)).as("token %d", i + 1).isEmpty();
    }
    // 3 a minute: one back every 20 s.
    assertThat(limits.admit("192.0.2.99").admitSite("shop", 3)).isEqualTo(OptionalLong.of(20));
    assertThat(limits.admit("192.0.2.99").admitSite("blog", 3)).as("another site").isEmpty();
    assertThat(limits.admit("192.0.2.99").admitSite("docs", 0)).as("a site without a budget").isEmpty();
    assertThat(limits.admit("192.0.2.1").refusal()).as("the caller's own bucket is untouched").isEmpty();
  }
}
