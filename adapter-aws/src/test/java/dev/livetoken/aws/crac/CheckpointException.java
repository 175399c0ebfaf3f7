package dev.livetoken.aws.crac;

public class CheckpointException extends Exception {}
