package io.cdrvault.query.legal.export;

import io.cdrvault.store.crypto.EncryptedSpool;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Sorts export lines into package order ({@link ExportLine#ORDER}) in bounded memory and drops
 * repeats of the same stored record. Lines are collected into a run of at most
 * {@link Limits#runRecords} lines or {@link Limits#runBytes} estimated heap bytes; a full run is
 * sorted and written to an {@link EncryptedSpool} (ciphertext under a key held only in memory),
 * and {@link #sorted()} merges the runs (k-way, at most {@link Limits#fanIn} at a time: more runs
 * are first merged into longer ones). Repeats are adjacent after the sort, so the merge drops them
 * without remembering what it has seen. An input that fits in one run is sorted in memory and
 * nothing touches the disk.
 *
 * <p>Owns its spool: {@link #close()} deletes every spooled file and drops the key, whether the
 * sort finished, failed or was abandoned. Not thread-safe.
 */
final class ExternalSort implements AutoCloseable {
  /**
   * Bounds of one in-memory run and of one merge.
   *
   * @param runRecords most lines in a run
   * @param runBytes most estimated heap bytes ({@link ExportLine#heapBytes()}) in a run
   * @param fanIn most runs read at once in a merge (each holds two chunk buffers)
   */
  record Limits(int runRecords, long runBytes, int fanIn) {
    /** 64k lines or 8 MiB per run, 32 runs per merge: about 12 MiB of heap in all. */
    static final Limits DEFAULT = new Limits(65_536, 8L << 20, 32);
    /** Everything in one run: for inputs that are already in memory. */
    static final Limits IN_MEMORY = new Limits(Integer.MAX_VALUE, Long.MAX_VALUE, 2);

    Limits {
      if (runRecords < 1 || runBytes < 1 || fanIn < 2) {
        throw new IllegalArgumentException("runRecords and runBytes must be positive, fanIn at least 2");
      }
    }
  }

  /** Lines in package order, each stored record once. */
  interface LineCursor extends AutoCloseable {
    /** The next line, or null at the end. */
    ExportLine next() throws IOException;

    @Override
    void close();
  }

  private final Optional<Path> spoolParent;
  private final Limits limits;
  private final List<ExportLine> run = new ArrayList<>();
  private final List<EncryptedSpool.SpoolFile> runs = new ArrayList<>();
  private final List<Source> open = new ArrayList<>();
  private EncryptedSpool spool;
  private long runBytes;
  private boolean sorting;
  private long spilledRuns;

  /**
   * @param spoolParent where the spool directory is created when the input outgrows one run
   *     (empty: never spool; {@code limits} must then be {@link Limits#IN_MEMORY}-like)
   */
  ExternalSort(Optional<Path> spoolParent, Limits limits) {
    this.spoolParent = Objects.requireNonNull(spoolParent, "spoolParent");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Adds a line; may sort and spool the current run. */
  void add(ExportLine line) throws IOException {
    if (sorting) {
      throw new IllegalStateException("the sort has already started");
    }
    run.add(Objects.requireNonNull(line, "line"));
    runBytes += line.heapBytes();
    if (run.size() >= limits.runRecords() || runBytes >= limits.runBytes()) {
      if (spoolParent.isPresent()) {
        spill();
      } else if (run.size() == Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("too many lines for an in-memory sort");
      }
    }
  }

  /** The spool, once the input outgrew one run. */
  Optional<EncryptedSpool> spool() {
    return Optional.ofNullable(spool);
  }

  /** How many runs were written to the spool (0: sorted in memory). */
  long spilledRuns() {
    return spilledRuns;
  }

  /** Ends the input and returns the lines in package order, repeats dropped. Call once. */
  LineCursor sorted() throws IOException {
    if (sorting) {
      throw new IllegalStateException("sorted() was already called");
    }
    sorting = true;
    run.sort(ExportLine.ORDER);
    List<Source> sources = new ArrayList<>();
    while (runs.size() + (run.isEmpty() ? 0 : 1) > limits.fanIn()) {
      mergeOldestRuns();
    }
    for (EncryptedSpool.SpoolFile f : runs) {
      sources.add(track(new SpooledRun(f)));
    }
    if (!run.isEmpty()) {
      sources.add(new MemoryRun(run.iterator()));
    }
    Merge merge = new Merge(sources);
    return new LineCursor() {
      private ExportLine last;

      @Override
      public ExportLine next() throws IOException {
        for (ExportLine l = merge.next(); l != null; l = merge.next()) {
          if (!l.sameRecord(last)) {
            last = l;
            return l;
          }
        }
        return null;
      }

      @Override
      public void close() {
        closeSources();
      }
    };
  }

  /** Deletes every spooled file and the spool directory, and drops the key. Idempotent. */
  @Override
  public void close() {
    closeSources();
    run.clear();
    if (spool != null) {
      spool.close();
    }
  }

  private void spill() throws IOException {
    run.sort(ExportLine.ORDER);
    if (spool == null) {
      spool = EncryptedSpool.create(spoolParent.get());
    }
    EncryptedSpool.SpoolFile f = spool.newFile();
    try (DataOutputStream out = new DataOutputStream(f.write())) {
      for (ExportLine l : run) {
        out.writeByte(1);
        l.writeTo(out);
      }
      out.writeByte(0);
    }
    runs.add(f);
    spilledRuns++;
    run.clear();
    runBytes = 0;
  }

  /** Merges the {@code fanIn} oldest spooled runs into one (repeats kept; the last merge drops them). */
  private void mergeOldestRuns() throws IOException {
    int n = Math.min(limits.fanIn(), runs.size());
    List<EncryptedSpool.SpoolFile> inputs = new ArrayList<>(runs.subList(0, n));
    List<Source> sources = new ArrayList<>();
    for (EncryptedSpool.SpoolFile f : inputs) {
      sources.add(track(new SpooledRun(f)));
    }
    EncryptedSpool.SpoolFile merged = spool.newFile();
    Merge merge = new Merge(sources);
    try (DataOutputStream out = new DataOutputStream(merged.write())) {
      for (ExportLine l = merge.next(); l != null; l = merge.next()) {
        out.writeByte(1);
        l.writeTo(out);
      }
      out.writeByte(0);
    }
    closeSources();
    inputs.forEach(EncryptedSpool.SpoolFile::delete);
    runs.subList(0, n).clear();
    runs.add(merged);
  }

  private Source track(Source s) {
    open.add(s);
    return s;
  }

  private void closeSources() {
    for (Source s : open) {
      s.close();
    }
    open.clear();
  }

  /** A sorted sequence of lines. */
  private interface Source {
    /** The next line, or null at the end. */
    ExportLine next() throws IOException;

    void close();
  }

  private static final class MemoryRun implements Source {
    private final Iterator<ExportLine> it;

    MemoryRun(Iterator<ExportLine> it) {
      this.it = it;
    }

    @Override
    public ExportLine next() {
      return it.hasNext() ? it.next() : null;
    }

    @Override
    public void close() {
      // nothing held
    }
  }

  private static final class SpooledRun implements Source {
    private final DataInputStream in;

    SpooledRun(EncryptedSpool.SpoolFile f) {
      this.in = new DataInputStream(f.read());
    }

    @Override
    public ExportLine next() throws IOException {
      int marker = in.readUnsignedByte();
      if (marker == 0) {
        return null;
      }
      if (marker != 1) {
        throw new IOException("a spooled run is malformed");
      }
      return ExportLine.readFrom(in);
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        // a read-only file handle; the spool deletes the file either way
      }
    }
  }

  /** k-way merge of sorted sources; ties go to the earlier source (a stable merge). */
  private static final class Merge {
    private record Head(ExportLine line, int source) {}

    private final List<Source> sources;
    private final PriorityQueue<Head> heap;
    private boolean primed;

    Merge(List<Source> sources) {
      this.sources = sources;
      this.heap = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> {
        int c = ExportLine.ORDER.compare(a.line(), b.line());
        return c != 0 ? c : Integer.compare(a.source(), b.source());
      });
    }

    ExportLine next() throws IOException {
      if (!primed) {
        primed = true;
        for (int i = 0; i < sources.size(); i++) {
          push(i);
        }
      }
      Head h = heap.poll();
      if (h == null) {
        return null;
      }
      push(h.source());
      return h.line();
    }

    private void push(int source) throws IOException {
      ExportLine l = sources.get(source).next();
      if (l != null) {
        heap.add(new Head(l, source));
      }
    }
  }
}
