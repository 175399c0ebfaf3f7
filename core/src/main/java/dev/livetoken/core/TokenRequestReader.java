package dev.livetoken.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a request body strictly: one JSON object, no duplicate or trailing content, known fields of the
 * right type. Unknown fields are skipped. An empty body is the empty request, as the Node server treats it.
 */
final class TokenRequestReader {

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(64).build())
      .build();

  private static final String NOT_AN_OBJECT = "Request body must be a JSON object";

  private TokenRequestReader() {}

  static TokenRequest read(byte[] body) {
    Map<String, Object> fields = new HashMap<>();
    readObject(body, (name, parser, value) -> {
      switch (name) {
        case "model", "voice", "lang", "pageTitle", "pageUrl", "pageContent", "sessionHandle" ->
            fields.put(name, text(parser, value, name));
        case "interactiveHighlights" -> fields.put(name, flag(value, name));
        // Lenient, as when it was ignored: anything but a string is no site key (refused only where sites are set).
        case "siteKey" -> {
          if (value == JsonToken.VALUE_STRING) {
            fields.put(name, parser.getText());
          }
          parser.skipChildren();
        }
        default -> parser.skipChildren();
      }
    });
    return new TokenRequest(
        (String) fields.get("model"),
        (String) fields.get("voice"),
        (String) fields.get("lang"),
        (String) fields.get("pageTitle"),
        (String) fields.get("pageUrl"),
        (String) fields.get("pageContent"),
        (Boolean) fields.get("interactiveHighlights"),
        (String) fields.get("siteKey"),
        (String) fields.get("sessionHandle"));
  }

  /** Reads one field's value; the parser stands on its first token, and must be left on its last. */
  interface FieldReader {
    void read(String name, JsonParser parser, JsonToken value) throws IOException;
  }

  /**
   * Walks a body that must be one JSON object (or blank, read as {@code {}}), handing each field to
   * {@code fields}; every body this service reads goes through here.
   */
  static void readObject(byte[] body, FieldReader fields) {
    if (isBlank(body)) {
      return;
    }
    try (JsonParser parser = JSON.createParser(utf8(body))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidRequestException(NOT_AN_OBJECT);
      }
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        fields.read(name, parser, parser.nextToken());
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new InvalidRequestException("Request body must hold one JSON object and nothing after it");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(problem(e));
    } catch (IOException e) {
      throw new InvalidRequestException("Request body could not be read");
    }
  }

  /**
   * Decodes strictly: Jackson's own decoder lets overlong forms such as {@code C0 AF} through. A leading
   * byte-order mark is dropped, as Jackson would for bytes.
   */
  private static char[] utf8(byte[] body) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
      if (chars.hasRemaining() && chars.get(chars.position()) == '\uFEFF') {
        chars.position(chars.position() + 1);
      }
      char[] out = new char[chars.remaining()];
      chars.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException("Request body is not valid UTF-8");
    }
  }

  static String text(JsonParser parser, JsonToken value, String name) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new InvalidRequestException("Field '" + name + "' must be a string");
    }
    String text = parser.getText();
    if (!isWellFormed(text)) {
      throw new InvalidRequestException("Field '" + name + "' contains an unpaired surrogate");
    }
    return text;
  }

  private static Boolean flag(JsonToken value, String name) {
    return switch (value) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> throw new InvalidRequestException("Field '" + name + "' must be a boolean");
    };
  }

  /** Our own wording with Jackson's position; its messages quote the input and name its internals. */
  private static String problem(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "Request body is nested too deeply or holds too long a number";
    }
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Duplicate field")) {
      return "Request body repeats a field";
    }
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? "Request body is not valid JSON"
        : "Request body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
