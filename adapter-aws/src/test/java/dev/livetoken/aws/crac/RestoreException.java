package dev.livetoken.aws.crac;

public class RestoreException extends Exception {}
