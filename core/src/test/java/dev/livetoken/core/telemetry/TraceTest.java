package dev.livetoken.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void readsW3cTraceparent() {
    assertThat(Trace.traceparent("00-" + TRACE + "-00f067aa0ba902b7-01"))
        .hasValue(new Trace(TRACE, "00f067aa0ba902b7", true));
    assertThat(Trace.traceparent("00-" + TRACE + "-00f067aa0ba902b7-00"))
        .hasValue(new Trace(TRACE, "00f067aa0ba902b7", false));
    assertThat(Trace.traceparent("00-" + TRACE + "-00f067aa0ba902b7-03")).get().extracting(Trace::sampled)
        .isEqualTo(true);
    assertThat(Trace.traceparent("00-" + TRACE + "-00f067aa0ba902b7-02")).get().extracting(Trace::sampled)
        .isEqualTo(false);
  }

  @Test
  void aLaterTraceparentVersionMayCarryMoreFields() {
    assertThat(Trace.traceparent("01-" + TRACE + "-00f067aa0ba902b7-01-what-comes")).get()
        .extracting(Trace::traceId).isEqualTo(TRACE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "00-" + TRACE + "-00f067aa0ba902b7", "00-" + TRACE + "-00f067aa0ba902b7-1",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "ff-" + TRACE + "-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-" + TRACE + "-0000000000000000-01",
      "00-" + TRACE + "-00f067aa0ba902b7-01-extra", "00-" + TRACE + "x-00f067aa0ba902b7-01",
      "00-" + TRACE + "-00f067aa0ba902b-01"})
  void ignoresAMalformedTraceparent(String header) {
    assertThat(Trace.traceparent(header)).isEmpty();
  }

  @Test
  void readsCloudTraceContextWithItsDecimalSpan() {
    assertThat(Trace.cloudTraceContext(TRACE + "/1;o=1")).hasValue(new Trace(TRACE, "0000000000000001", true));
    assertThat(Trace.cloudTraceContext(TRACE.toUpperCase() + "/12345678901234567890;o=0"))
        .hasValue(new Trace(TRACE, "ab54a98ceb1f0ad2", false));
    assertThat(Trace.cloudTraceContext(TRACE + "/18446744073709551615"))
        .hasValue(new Trace(TRACE, "ffffffffffffffff", null));
    assertThat(Trace.cloudTraceContext(TRACE)).hasValue(new Trace(TRACE, null, null));
    assertThat(Trace.cloudTraceContext(TRACE + "/0;o=1")).hasValue(new Trace(TRACE, null, true));
    assertThat(Trace.cloudTraceContext(" " + TRACE + "/2;o=1 ")).hasValue(new Trace(TRACE, "0000000000000002", true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", TRACE + "/18446744073709551616", TRACE + "/1;o=", TRACE + "/abc",
      TRACE + "0/1", "00000000000000000000000000000000/1;o=1", TRACE + "/1;o=1<script>", TRACE + "/"})
  void ignoresAMalformedCloudTraceContext(String header) {
    assertThat(Trace.cloudTraceContext(header)).isEmpty();
  }

  @Test
  void traceparentComesFirstAndAMalformedOneGivesWayToGooglesHeader() {
    String other = "0af7651916cd43dd8448eb211c80319c";
    Map<String, String> both = Map.of("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01",
        "X-Cloud-Trace-Context", other + "/1;o=1");
    assertThat(Trace.fromHeaders(name -> Optional.ofNullable(both.get(name))).orElseThrow().traceId())
        .isEqualTo(TRACE);
    Map<String, String> badFirst = Map.of("traceparent", "garbage", "X-Cloud-Trace-Context", other + "/1;o=1");
    assertThat(Trace.fromHeaders(name -> Optional.ofNullable(badFirst.get(name))).orElseThrow().traceId())
        .isEqualTo(other);
    Map<String, String> bothBad = Map.of("traceparent", "garbage", "X-Cloud-Trace-Context", "junk");
    assertThat(Trace.fromHeaders(name -> Optional.ofNullable(bothBad.get(name)))).isEmpty();
    assertThat(Trace.fromHeaders(name -> Optional.empty())).isEmpty();
  }

  @Test
  void readsTheRootOfAnXrayTraceHeader() {
    assertThat(Trace.xrayTraceId("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
        .hasValue("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(Trace.xrayTraceId("Self=1-67891234-12456789abcdef012345678; Root=1-5759e988-bd862e3fe1be46a994272793"))
        .hasValue("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(Trace.xrayTraceId("Root=1-5759e988-bd862e3fe1be46a99427279")).isEmpty();
    assertThat(Trace.xrayTraceId("Root=2-5759e988-bd862e3fe1be46a994272793")).isEmpty();
    assertThat(Trace.xrayTraceId("Root=1-5759e988-bd862e3fe1be46a994272793x")).isEmpty();
    assertThat(Trace.xrayTraceId("Parent=53995c3f42cd8ad8")).isEmpty();
    assertThat(Trace.xrayTraceId(null)).isEmpty();
  }
}
