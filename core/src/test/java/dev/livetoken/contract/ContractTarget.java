package dev.livetoken.contract;

/** One running endpoint (in-process, a server, a child process) that the contract cases talk to. */
public interface ContractTarget extends AutoCloseable {

  Reply send(Call call) throws Exception;

  @Override
  default void close() throws Exception {}
}
