package dev.livetoken.core;

import java.util.Optional;

/** The session configuration locked into one token: the request after defaults, with its prompt built. */
public record LiveSession(
    String model, String voice, Optional<String> systemInstruction, boolean interactiveHighlights) {}
