package dev.livetoken.core.sessions;

import java.util.Set;

/**
 * One site that embeds the widget.
 *
 * @param key the site key its widget sends ({@code siteKey})
 * @param origins the browser origins its pages are served from, in canonical form
 * @param ratePerMinute its own token budget per minute on one instance; 0 for none
 */
public record Site(String key, Set<String> origins, int ratePerMinute) {}
