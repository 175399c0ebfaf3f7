/**
 * A CRaC implementation for the tests, in the shape {@code org.crac} binds to when the system property
 * {@code org.crac.Core.Compat} names this package (as it binds to {@code jdk.crac} on a CRaC JDK and on Lambda):
 * resources registered through {@code org.crac.Core.getGlobalContext()} land in {@link Core}'s global
 * context, and {@code org.crac.Core.checkpointRestore()} runs them as the platform does before a snapshot.
 */
package dev.livetoken.aws.crac;
