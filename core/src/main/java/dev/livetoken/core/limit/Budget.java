package dev.livetoken.core.limit;

/**
 * A named allowance: {@code perMinute} requests per key, refilled continuously, at most {@code perMinute} at
 * once. The name keeps budgets apart where they are counted (one bucket per name and key).
 *
 * @param name what is counted, e.g. {@code caller} or {@code global}; part of the Redis key, so keep it stable
 * @param perMinute the allowance; 0 turns the budget off
 */
public record Budget(String name, int perMinute) {

  public Budget {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a budget needs a name");
    }
    if (perMinute < 0) {
      throw new IllegalArgumentException("perMinute must not be negative");
    }
  }

  public boolean isOff() {
    return perMinute == 0;
  }
}
