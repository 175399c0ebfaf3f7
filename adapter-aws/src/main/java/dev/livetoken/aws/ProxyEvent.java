package dev.livetoken.aws;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as an AWS front end delivered it, reduced to what the core needs.
 *
 * @param source the front end, which decides the response's shape
 * @param method the HTTP method
 * @param path the path relative to the API stage, without query string
 * @param headers every header value, in the order received
 * @param body the decoded body (base64 already undone)
 * @param sourceIp the client address the platform vouches for; null when it gave none
 * @param multiValueHeaders whether the event used {@code multiValueHeaders} (an ALB then wants them back)
 */
record ProxyEvent(EventSource source, String method, String path, Map<String, List<String>> headers,
    byte[] body, String sourceIp, boolean multiValueHeaders) {}
