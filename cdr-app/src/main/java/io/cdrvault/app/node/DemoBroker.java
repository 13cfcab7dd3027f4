package io.cdrvault.app.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The demo's embedded Kafka broker ({@code cdr-kafka-embedded}), loaded by name so that the
 * production class path ({@code cdrvault.jar} and {@code lib/}) holds no broker, Scala or
 * kafka-server classes (ADR 0027). Where the application class path has the broker (tests, an
 * IDE) that copy is used; from the packaged jar the broker and what only it needs come from
 * {@code lib-demo/} next to {@code cdrvault.jar}, through a child class loader whose parent is the
 * application's, so Kafka clients, SLF4J and Jackson stay the application's own.
 *
 * <p>One instance per demo run, used by the thread that started it; {@link #close()} (also called
 * by the shutdown hook) stops the broker, then closes its class loader, and is idempotent.
 */
final class DemoBroker implements AutoCloseable {
  /** The class the demo starts: {@code EmbeddedKafkaBroker} of cdr-kafka-embedded. */
  static final String BROKER_CLASS = "io.cdrvault.kafka.embedded.EmbeddedKafkaBroker";
  /** The directory, next to {@code cdrvault.jar}, holding the broker's jars. */
  static final String LIB_DIR = "lib-demo";

  private final AutoCloseable broker;
  private final Method createTopic;
  private final String bootstrapServers;
  private final Optional<URLClassLoader> loader;
  private boolean closed;

  private DemoBroker(AutoCloseable broker, Method createTopic, String bootstrapServers,
      Optional<URLClassLoader> loader) {
    this.broker = broker;
    this.createTopic = createTopic;
    this.bootstrapServers = bootstrapServers;
    this.loader = loader;
  }

  /**
   * Starts a broker whose data lives under {@code logDir}, as {@code EmbeddedKafkaBroker.start}.
   *
   * @throws IllegalStateException if the broker's classes are neither on the class path nor in
   *     {@code lib-demo/}, or the broker fails to start
   */
  static DemoBroker start(Path logDir) {
    ClassLoader app = DemoBroker.class.getClassLoader();
    Optional<URLClassLoader> loader = Optional.empty();
    Class<?> type;
    try {
      type = Class.forName(BROKER_CLASS, true, app);
    } catch (ClassNotFoundException notOnClassPath) {
      loader = Optional.of(childLoader(app, libDir()));
      try {
        type = Class.forName(BROKER_CLASS, true, loader.get());
      } catch (ClassNotFoundException e) {
        close(loader.get());
        throw new IllegalStateException("the embedded Kafka broker is not in " + libDir(), e);
      }
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // threads the broker starts inherit this loader; Kafka looks up plugin classes through it
    thread.setContextClassLoader(type.getClassLoader());
    try {
      AutoCloseable broker = (AutoCloseable) invoke(type.getMethod("start", Path.class), null, logDir);
      String bootstrap = (String) invoke(type.getMethod("bootstrapServers"), broker);
      return new DemoBroker(broker, type.getMethod("createTopic", String.class, int.class),
          bootstrap, loader);
    } catch (NoSuchMethodException | RuntimeException e) {
      loader.ifPresent(DemoBroker::close);
      throw e instanceof RuntimeException r ? r
          : new IllegalStateException(BROKER_CLASS + " lacks the expected methods", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** {@code lib-demo/} next to the jar (or classes directory) this class was loaded from. */
  static Path libDir() {
    try {
      Path from = Path.of(DemoBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return from.toAbsolutePath().getParent().resolve(LIB_DIR);
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot tell where cdrvault.jar is, to find " + LIB_DIR, e);
    }
  }

  private static URLClassLoader childLoader(ClassLoader parent, Path libs) {
    if (!Files.isDirectory(libs)) {
      throw new IllegalStateException("the demo needs the embedded Kafka broker: neither on the "
          + "class path nor in " + libs + " (build with ./cdrvault or mvn -pl cdr-app -am package)");
    }
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> jars = Files.list(libs)) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException("bad jar path in " + libs, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + libs, e);
    }
    return new URLClassLoader("cdrvault-demo-broker", urls.toArray(URL[]::new), parent);
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("embedded Kafka broker: " + m.getName() + " failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("embedded Kafka broker: " + m.getName() + " not accessible", e);
    }
  }

  /** The broker's {@code host:port} for clients. */
  String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates {@code name} with {@code partitions} partitions unless it exists. */
  void createTopic(String name, int partitions) {
    invoke(createTopic, broker, name, partitions);
  }

  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    try {
      broker.close();
    } finally {
      loader.ifPresent(DemoBroker::close);
    }
  }

  private static void close(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the broker's class loader", e);
    }
  }
}
