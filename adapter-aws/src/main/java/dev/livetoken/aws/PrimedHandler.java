package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/** A handler whose request path is warmed before a SnapStart snapshot (both doors are). */
interface PrimedHandler extends RequestStreamHandler {

  /** The priming registered with the CRaC context, held by the handler. */
  SnapStartPriming priming();
}
