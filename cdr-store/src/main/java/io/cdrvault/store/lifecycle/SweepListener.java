package io.cdrvault.store.lifecycle;

/** Told the outcome of each scheduled retention sweep, on the sweep's thread (keep it cheap). */
public interface SweepListener {
  /** Does nothing. */
  SweepListener NONE = new SweepListener() {
    @Override
    public void completed(SweepReport report) {}

    @Override
    public void failed(RuntimeException cause) {}
  };

  /** A sweep ran to its end. */
  void completed(SweepReport report);

  /** A sweep failed; it is retried at the next interval. */
  void failed(RuntimeException cause);
}
