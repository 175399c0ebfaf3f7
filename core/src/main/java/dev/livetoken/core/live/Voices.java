package dev.livetoken.core.live;

import java.util.Set;

/** The prebuilt Gemini voices, by their exact names. */
public final class Voices {

  public static final String DEFAULT = "Kore";

  public static final Set<String> PREBUILT = Set.of(
      "Zephyr", "Puck", "Charon", "Kore", "Fenrir", "Leda", "Orus", "Aoede", "Callirrhoe", "Autonoe",
      "Enceladus", "Iapetus", "Umbriel", "Algieba", "Despina", "Erinome", "Algenib", "Rasalgethi",
      "Laomedeia", "Achernar", "Alnilam", "Schedar", "Gacrux", "Pulcherrima", "Achird", "Zubenelgenubi",
      "Vindemiatrix", "Sadachbia", "Sadaltager", "Sulafat");

  private Voices() {}
}
