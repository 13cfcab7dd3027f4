package io.cdrvault.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.format.freeswitch.FreeSwitchCsvDecoder;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.Grants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 3 through a real broker into a real store: a FreeSWITCH {@code legs=ab} CSV feed
 * whose template has no leg column. Call 1's B leg arrives just before its A leg (the usual order),
 * call 2's A leg arrives first and its B leg in a later poll; each call is stored and billed once,
 * and the two B legs are counted as {@code cdr.ingest.duplicates{kind=leg}}.
 */
class FreeSwitchCsvLegsIT {
  static final String TOPIC = "cdr.fs";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);
  private static final CustomerId FRONT_DESK = CustomerId.of("cust-00001");
  private static final CustomerId PAT = CustomerId.of("cust-00002");

  @TempDir Path dir;

  @Test
  void bLegsOfALegsAbFeed_areNotBilled_whetherTheyComeFirstOrInALaterPoll() throws Exception {
    Keyring keyring = Keyring.create(dir.resolve("keystore.p12"), "PKCS12", "pw".toCharArray());
    SubscriberDirectory directory = SubscriberDirectory.builder()
        .add("+12025550143", FRONT_DESK).add("+12025550168", PAT).build();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
         RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dir.resolve("store")), keyring,
             new SimpleMeterRegistry(), CLOCK)) {
      broker.createTopic(TOPIC, 1);
      broker.createTopic(TOPIC + ".dlq", 1);
      SimpleMeterRegistry m = new SimpleMeterRegistry();
      IngestPipeline pipeline = IngestPipeline.create(
          IngestSettings.defaults(broker.bootstrapServers(), TOPIC).withBatch(50, Duration.ofMillis(50)),
          store, DecoderRegistry.standard(), new Attributor(directory), m);
      Thread t = new Thread(pipeline, "ingest-fs-legs");
      t.start();
      try {
        send(broker.bootstrapServers(), CALL1_B, CALL1_A, "", CALL2_A);
        await().atMost(Duration.ofMinutes(1)).until(() -> offsets(store) == 4);
        send(broker.bootstrapServers(), CALL2_B); // a later poll: the A leg's name is remembered
        await().atMost(Duration.ofMinutes(1)).until(() -> offsets(store) == 5);
      } finally {
        pipeline.close();
        t.join(30_000);
      }

      List<CustomerCdr> desk = read(store, FRONT_DESK);
      List<CustomerCdr> pat = read(store, PAT);
      assertThat(desk).extracting(r -> r.cdr().originId()).containsExactly(A1);
      assertThat(pat).extracting(r -> r.cdr().originId()).containsExactly(A2);
      assertThat(desk.get(0).cdr().billableSeconds() + pat.get(0).cdr().billableSeconds()).isEqualTo(227 + 51);
      assertThat(m.get(IngestMetrics.DUPLICATES).tag("kind", "leg").counter().count()).isEqualTo(2.0);
      assertThat(m.find(IngestMetrics.DEAD_LETTERS).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }
  }

  static final String A1 = "a41c7d10-5c1b-4be3-9f0e-7d9e0b2c1a01";
  static final String B1 = "b52d8e21-6d2c-4cf4-8a1f-8eaf1c3d2b02";
  static final String A2 = "a63e9f32-7e3d-4d05-9b20-9fb02d4e3c03";
  static final String B2 = "b74fa043-8f4e-4e16-8c31-a0c13e5f4d04";
  static final String CALL1_B = "\"Front Desk\",\"2025550143\",\"12025550177\",\"default\",\"2026-03-01 09:05:10\","
      + "\"2026-03-01 09:05:15\",\"2026-03-01 09:09:02\",\"232\",\"227\",\"NORMAL_CLEARING\",\"" + B1
      + "\",\"\",\"\",\"PCMU\",\"PCMU\"";
  static final String CALL1_A = CALL1_B.replace("\"" + B1 + "\",\"\"", "\"" + A1 + "\",\"" + B1 + "\"");
  static final String CALL2_B = "\"Pat Doe\",\"2025550168\",\"2025550190\",\"default\",\"2026-03-01 10:00:01\","
      + "\"2026-03-01 10:00:09\",\"2026-03-01 10:01:00\",\"59\",\"51\",\"NORMAL_CLEARING\",\"" + B2
      + "\",\"\",\"\",\"G722\",\"G722\"";
  static final String CALL2_A = CALL2_B.replace("\"" + B2 + "\",\"\"", "\"" + A2 + "\",\"" + B2 + "\"")
      .replace("2026-03-01 10:00:01", "2026-03-01 10:00:00").replace("\"59\"", "\"60\"");

  private static void send(String bootstrap, String... lines) {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5_000), // one batch until flush(): the lines reach one poll
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String line : lines) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(TOPIC, null, (line + "\n").getBytes(StandardCharsets.UTF_8));
        r.headers().add(DecoderRegistry.FORMAT_HEADER, FreeSwitchCsvDecoder.FORMAT.getBytes(StandardCharsets.UTF_8));
        r.headers().add(DecoderRegistry.SOURCE_HEADER, "fs-csv-1".getBytes(StandardCharsets.UTF_8));
        p.send(r);
      }
      p.flush();
    }
  }

  private static long offsets(CdrStore store) {
    return store.storedOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  private static List<CustomerCdr> read(CdrStore store, CustomerId customer) {
    List<CustomerCdr> out = new ArrayList<>();
    try (CdrStore.RecordCursor c = store.records(Grants.billing(store, customer,
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), CLOCK))) {
      c.forEachRemaining(r -> out.add(GrantedRecords.unprojected(r)));
    }
    return out;
  }
}
