package io.cdrvault.bench.peer;

import io.cdrvault.store.model.CustomerCdr;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The timed load: the calling thread seals batches of {@code batch} records ({@link RowSealer}) into
 * binary COPY streams and hands them over a bounded queue ({@value #QUEUE} batches) to a second
 * thread, which sends each with {@code COPY cdr (…) FROM STDIN (FORMAT binary)} ({@link CopyManager})
 * in its own transaction, so sealing batch n+1 overlaps the server's work on batch n. Then,
 * optionally, the index DDL, and a {@code CHECKPOINT}. The time runs from the first seal to the end of the checkpoint.
 * Both connections are opened before the clock starts.
 *
 * <p>Stateless; {@link #run} is not reentrant for one table.
 */
public final class PeerLoad {
  static final int QUEUE = 4;
  private static final BinaryCopy END = new BinaryCopy(0);

  private PeerLoad() {}

  /**
   * @param seconds first seal to CHECKPOINT done
   * @param sealSeconds time the sealing thread spent sealing (not waiting on the queue)
   * @param copySeconds time the COPY thread spent in COPY and commit
   * @param indexSeconds time building indexes after the load (0 when none)
   * @param checkpointSeconds time in the final CHECKPOINT
   * @param batches transactions committed
   */
  public record Result(double seconds, double sealSeconds, double copySeconds, double indexSeconds,
      double checkpointSeconds, int batches) {}

  /** Loads {@code records}; {@code indexesAfter} are run after the last COPY, inside the time. */
  public static Result run(String jdbcUrl, RowSealer sealer, List<CustomerCdr> records, int batch,
      List<String> indexesAfter) throws SQLException, InterruptedException {
    BlockingQueue<BinaryCopy> queue = new ArrayBlockingQueue<>(QUEUE);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] copyNanos = new long[1];
    int[] committed = new int[1];
    try (Connection control = DriverManager.getConnection(jdbcUrl);
         Connection copyConn = DriverManager.getConnection(jdbcUrl)) {
      copyConn.setAutoCommit(false);
      CopyManager copy = copyConn.unwrap(PGConnection.class).getCopyAPI();
      String sql = "COPY cdr (" + RowSealer.COLUMNS + ") FROM STDIN (FORMAT binary)";
      Thread copier = new Thread(() -> {
        try {
          while (true) {
            BinaryCopy b = queue.take();
            if (b == END) {
              return;
            }
            long t = System.nanoTime();
            CopyIn in = copy.copyIn(sql);
            try {
              in.writeToCopy(b.buffer(), 0, b.length());
              long n = in.endCopy();
              if (n != b.rows()) {
                throw new IllegalStateException("COPY stored " + n + " rows of " + b.rows());
              }
            } finally {
              if (in.isActive()) {
                in.cancelCopy();
              }
            }
            copyConn.commit();
            copyNanos[0] += System.nanoTime() - t;
            committed[0]++;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "pgpeer-copy");
      long sealNanos = 0;
      long t0 = System.nanoTime();
      copier.start();
      try {
        for (int from = 0; from < records.size() && failure.get() == null; from += batch) {
          long s = System.nanoTime();
          BinaryCopy b = sealer.seal(records.subList(from, Math.min(records.size(), from + batch)));
          sealNanos += System.nanoTime() - s;
          hand(queue, b, failure);
        }
        hand(queue, END, failure);
      } finally {
        if (failure.get() != null) {
          copier.interrupt();
        }
        copier.join();
      }
      if (failure.get() != null) {
        throw new IllegalStateException("the COPY thread failed: " + failure.get(), failure.get());
      }
      long tIndex = System.nanoTime();
      try (Statement st = control.createStatement()) {
        for (String ddl : indexesAfter) {
          st.execute(ddl);
        }
        long tCheckpoint = System.nanoTime();
        st.execute("CHECKPOINT");
        long t1 = System.nanoTime();
        copier.join(); // its writes to copyNanos/committed happen-before this
        return new Result((t1 - t0) / 1e9, sealNanos / 1e9, copyNanos[0] / 1e9,
            indexesAfter.isEmpty() ? 0 : (tCheckpoint - tIndex) / 1e9, (t1 - tCheckpoint) / 1e9,
            committed[0]);
      }
    }
  }

  private static void hand(BlockingQueue<BinaryCopy> queue, BinaryCopy b, AtomicReference<Throwable> failure)
      throws InterruptedException {
    while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
      if (failure.get() != null) {
        return;
      }
    }
  }
}
