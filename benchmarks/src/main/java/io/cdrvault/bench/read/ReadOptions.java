package io.cdrvault.bench.read;

import java.nio.file.Path;

/**
 * {@link ReadEndToEnd}'s command line. Immutable.
 *
 * @param customers customers in the store (customer 0 is the heavy one)
 * @param perCustomer records of each other customer
 * @param heavy records of the heavy customer
 * @param numberRecords records holding the looked-up number
 * @param warmup untimed runs before the timed ones of the fast operations
 * @param reps timed runs of the fast operations (customer month, usage, store level, peer)
 * @param longReps timed runs of the slow ones (number lookup, billing run), after one untimed run
 * @param peer whether to run the PostgreSQL peer
 * @param policy the policy file
 * @param parent where the temporary directory goes (null: java.io.tmpdir)
 */
record ReadOptions(int customers, int perCustomer, int heavy, long numberRecords, int warmup, int reps,
    int longReps, boolean peer, Path policy, Path parent) {

  static final String USAGE = "ReadEndToEnd [--customers C=10000] [--per-customer K=10] [--heavy H=10000] "
      + "[--number-records N=1000000] [--warmup W=20] [--reps R=50] [--long-reps L=3] [--no-peer] "
      + "[--policy FILE=config/policy.yaml] [--dir PARENT]";

  static ReadOptions parse(String[] args) {
    int customers = 10_000;
    int perCustomer = 10;
    int heavy = 10_000;
    long numberRecords = 1_000_000;
    int warmup = 20;
    int reps = 50;
    int longReps = 3;
    boolean peer = true;
    Path policy = Path.of("config", "policy.yaml");
    Path parent = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--customers" -> customers = Integer.parseInt(value(args, ++i, a));
        case "--per-customer" -> perCustomer = Integer.parseInt(value(args, ++i, a));
        case "--heavy" -> heavy = Integer.parseInt(value(args, ++i, a));
        case "--number-records" -> numberRecords = Long.parseLong(value(args, ++i, a));
        case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, a));
        case "--reps" -> reps = Integer.parseInt(value(args, ++i, a));
        case "--long-reps" -> longReps = Integer.parseInt(value(args, ++i, a));
        case "--no-peer" -> peer = false;
        case "--policy" -> policy = Path.of(value(args, ++i, a));
        case "--dir" -> parent = Path.of(value(args, ++i, a));
        case "-h", "--help" -> {
          System.out.println(USAGE);
          System.exit(0);
        }
        default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
      }
    }
    if (customers < 2 || perCustomer < 1 || heavy < 1 || numberRecords < 0 || warmup < 0 || reps < 1
        || longReps < 1) {
      throw new IllegalArgumentException("options out of range (try --help)");
    }
    return new ReadOptions(customers, perCustomer, heavy, numberRecords, warmup, reps, longReps, peer,
        policy, parent);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return args[i];
  }
}
