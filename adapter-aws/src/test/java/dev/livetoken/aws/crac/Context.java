package dev.livetoken.aws.crac;

/** A group of resources, itself a resource, as {@code jdk.crac.Context}. */
public abstract class Context<R extends Resource> implements Resource {

  public abstract void register(R resource);
}
