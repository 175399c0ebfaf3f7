package dev.livetoken.core.sessions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.core.Origins;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured sites ({@code SITES} or {@code SITES_FILE}), keyed by site key. Empty when none are
 * configured, and then nothing about tokens changes.
 */
public final class Sites {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Set<String> SITE_FIELDS = Set.of("origins", "ratePerMinute");
  private static final Sites NONE = new Sites(Map.of());

  private final Map<String, Site> byKey;

  // In a holder: without SITES, start-up builds no mapper here (Jackson's first one costs ~0.1 s cold).
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private Sites(Map<String, Site> byKey) {
    this.byKey = Map.copyOf(byKey);
  }

  public static Sites none() {
    return NONE;
  }

  /**
   * Reads {@code {"site-a": {"origins": ["https://a.example"], "ratePerMinute": 60}}}.
   *
   * @param setting the setting the JSON came from, named in every error
   * @throws IllegalArgumentException naming {@code setting} and what is wrong (never quoting the value)
   */
  public static Sites parse(String json, String setting) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Where, never what: the value is the operator's, but Jackson's message would quote it.
      throw invalid(setting, "is not valid JSON" + (e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw invalid(setting, "must be a JSON object mapping at least one site key to its settings");
    }
    Map<String, Site> sites = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      String key = entry.getKey();
      if (!KEY.matcher(key).matches()) {
        throw invalid(setting, "has a site key that is not 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit)");
      }
      sites.put(key, site(key, entry.getValue(), setting));
    }
    return new Sites(sites);
  }

  private static Site site(String key, JsonNode node, String setting) {
    String where = "site '" + key + "'";
    if (!node.isObject()) {
      throw invalid(setting, where + " must be an object with 'origins' and optionally 'ratePerMinute'");
    }
    node.fieldNames().forEachRemaining(field -> {
      if (!SITE_FIELDS.contains(field)) {
        throw invalid(setting, where + " has an unknown field '" + field + "' (known: origins, ratePerMinute)");
      }
    });
    JsonNode origins = node.get("origins");
    if (origins == null || !origins.isArray() || origins.isEmpty()) {
      throw invalid(setting, where + " needs 'origins', a non-empty array of origins (scheme://host[:port])");
    }
    Set<String> canonical = new LinkedHashSet<>();
    for (JsonNode origin : origins) {
      canonical.add(Optional.of(origin).filter(JsonNode::isTextual).map(JsonNode::asText).flatMap(Origins::canonical)
          .orElseThrow(() -> invalid(setting, where + " has an entry in 'origins' that is not an origin (scheme://host[:port])")));
    }
    JsonNode rate = node.get("ratePerMinute");
    if (rate != null && !(rate.isIntegralNumber() && rate.canConvertToInt() && rate.intValue() >= 0)) {
      throw invalid(setting, where + " has a 'ratePerMinute' that is not a whole number from 0 up");
    }
    return new Site(key, Set.copyOf(canonical), rate == null ? 0 : rate.intValue());
  }

  private static IllegalArgumentException invalid(String setting, String problem) {
    return new IllegalArgumentException(setting + " " + problem);
  }

  public boolean isEmpty() {
    return byKey.isEmpty();
  }

  /** The site with this key; empty for an unknown key or null. */
  public Optional<Site> find(String key) {
    return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
  }

  public Iterable<Site> all() {
    return byKey.values();
  }

  @Override
  public String toString() {
    return byKey.keySet().toString();
  }
}
