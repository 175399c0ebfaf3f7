package dev.livetoken.aws;

/** One Lambda execution environment of the function, started with its settings: an event in, the response out. */
interface ExecutionEnvironment extends AutoCloseable {

  byte[] invoke(byte[] event) throws Exception;

  @Override
  default void close() {}
}
