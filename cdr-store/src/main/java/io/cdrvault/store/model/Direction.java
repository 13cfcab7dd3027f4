package io.cdrvault.store.model;

/** Direction relative to the served customer: the customer placed (ORIGINATING) or received (TERMINATING) it. */
public enum Direction {
  ORIGINATING,
  TERMINATING
}
