package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes example in {@code deploy/kubernetes} (ADR 0033), without a cluster: every file
 * parses, the pod runs as a non-root user on a read-only root file system with the probes on
 * {@code /health} and {@code /ready}, every secret file the node config names is mounted from a
 * Secret that holds it, and the ConfigMap's node config validates as {@code serve} loads it.
 */
class KubernetesManifestsTest {
  private static final Path DIR = Path.of("..", "deploy", "kubernetes");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final List<Map<String, Object>> DOCS = new ArrayList<>();

  @TempDir Path tmp;

  @BeforeAll
  static void parseAll() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<Map<String, Object>> it = YAML.readerForMapOf(Object.class).readValues(f.toFile())) {
          for (Map<String, Object> doc : it.readAll()) {
            assertThat(doc).as(f.toString()).containsKeys("apiVersion", "kind");
            DOCS.add(doc);
          }
        }
      }
    }
  }

  @Test
  void manifests_holdTheExpectedKinds() {
    assertThat(DOCS.stream().map(d -> d.get("kind") + "/" + name(d)).toList())
        .containsExactlyInAnyOrder("ConfigMap/cdrvault-config", "Kustomization/null",
            "Secret/cdrvault-node", "Secret/cdrvault-keys", "Secret/cdrvault-kafka", "Secret/cdrvault-api-tls",
            "Service/cdrvault-headless", "Service/cdrvault", "StatefulSet/cdrvault");
    Map<String, Object> kustomization = only("Kustomization", null);
    assertThat(list(kustomization, "resources")).as("the example Secrets are never applied")
        .containsExactlyInAnyOrder("configmap.yaml", "services.yaml", "statefulset.yaml");
    assertThat(map(only("Service", "cdrvault-headless"), "spec")).containsEntry("clusterIP", "None");
    assertThat(map(only("StatefulSet", "cdrvault"), "spec")).containsEntry("serviceName", "cdrvault-headless");
  }

  @Test
  void pod_runsAsNonRoot_readOnly_withProbesOnHealthAndReady() {
    Map<String, Object> pod = podSpec();
    Map<String, Object> podSecurity = map(pod, "securityContext");
    assertThat(podSecurity).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001)
        .containsEntry("fsGroup", 10001);
    Map<String, Object> c = container();
    assertThat(map(c, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("allowPrivilegeEscalation", false);
    assertThat(list(map(map(c, "securityContext"), "capabilities"), "drop")).containsExactly("ALL");
    assertThat(map(map(c, "livenessProbe"), "httpGet")).containsEntry("path", "/health").containsEntry("port", "https")
        .containsEntry("scheme", "HTTPS");
    assertThat(map(map(c, "readinessProbe"), "httpGet")).containsEntry("path", "/ready").containsEntry("port", "https")
        .containsEntry("scheme", "HTTPS");
    assertThat(maps(c, "ports")).singleElement().satisfies(p -> assertThat(p)
        .containsEntry("name", "https").containsEntry("containerPort", 8080));
    assertThat(maps(pod, "volumes")).anySatisfy(v -> assertThat(v).containsEntry("name", "tmp").containsKey("emptyDir"));
    assertThat(mounts()).containsEntry("/tmp", "tmp").containsEntry("/var/lib/cdrvault", "data");
    List<Map<String, Object>> claims = maps(map(only("StatefulSet", "cdrvault"), "spec"), "volumeClaimTemplates");
    assertThat(claims).singleElement().satisfies(t -> assertThat(map(t, "metadata")).containsEntry("name", "data"));
  }

  @Test
  void everySecretFileOfTheNodeConfig_isMountedFromASecretThatHoldsIt() throws IOException {
    Map<String, Object> node = YAML.readValue(nodeYaml(), Map.class);
    Map<String, String> files = secretFiles();
    List<String> referenced = new ArrayList<>();
    collect("", node, referenced);
    assertThat(referenced).as("...File keys and key store paths")
        .contains("store.keystore.passwordFile=/run/secrets/cdrvault/keystore-password",
            "store.keystore.path=/run/secrets/cdrvault-keys/keystore.p12",
            "ingest.kafka.sasl.passwordFile=/run/secrets/kafka/password",
            "query.legal.signingKeyPasswordFile=/run/secrets/cdrvault/signing-key-password",
            "query.assertionKeyFile=/run/secrets/cdrvault/assertion-key",
            "query.http.tls.certificateFile=/run/secrets/cdrvault-tls/tls.crt",
            "query.http.tls.keyFile=/run/secrets/cdrvault-tls/tls.key");
    for (String r : referenced) {
      String path = r.substring(r.indexOf('=') + 1);
      if (path.startsWith("/etc/cdrvault/")) {
        assertThat(map(only("ConfigMap", "cdrvault-config"), "data")).as(r)
            .containsKey(path.substring("/etc/cdrvault/".length()));
      } else {
        assertThat(files).as("%s: a mounted Secret holds it", r).containsKey(path);
      }
    }
    assertThat(map(map(node, "query"), "http")).containsEntry("host", "0.0.0.0").containsEntry("port", 8080);
    assertThat(map(node, "store")).containsEntry("dataDir", "/var/lib/cdrvault");
    assertThat(map(node, "ingest")).containsEntry("groupInstanceId", "cdrvault-0");
  }

  @Test
  void nodeConfig_validatesAsServeLoadsIt_withTheMountsInPlace() throws Exception {
    // lay the mounts out under a temp root: the ConfigMap at /etc/cdrvault, each Secret's keys
    Map<String, Object> config = map(only("ConfigMap", "cdrvault-config"), "data");
    for (Map.Entry<String, Object> e : config.entrySet()) {
      write("/etc/cdrvault/" + e.getKey(), (String) e.getValue());
    }
    Map<String, String> testValues = Map.of("assertion-key",
        Base64.getEncoder().encodeToString(new byte[32]), "ca.crt", "-----BEGIN CERTIFICATE-----\n");
    for (String file : secretFiles().keySet()) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      Path f = write(file, testValues.getOrDefault(name, "test-" + name + "\n"));
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r-----")); // defaultMode 0440
    }
    Path nodeYaml = write("/etc/cdrvault/cdrvault-0.yaml", rooted(nodeYaml()));

    ServeCommand.Loaded loaded = ServeCommand.load(nodeYaml, Map.of());

    assertThat(loaded.ingest().groupInstanceId()).isEqualTo("cdrvault-0");
    assertThat(new String(loaded.password())).isEqualTo("test-keystore-password");
    assertThat(loaded.storeConfig().getPath(io.cdrvault.store.rocks.StoreConfig.KEYSTORE_PATH))
        .isEqualTo(tmp.resolve("run/secrets/cdrvault-keys/keystore.p12"));
  }

  @Test
  void configMapPolicy_isTheShippedPolicy() throws IOException {
    Object shipped = YAML.readValue(Path.of("..", "config", "policy.yaml").toFile(), Map.class);
    Object inMap = YAML.readValue((String) map(only("ConfigMap", "cdrvault-config"), "data").get("policy.yaml"), Map.class);
    assertThat(inMap).isEqualTo(shipped);
  }

  @Test
  void args_nameThePodsOwnConfig() {
    Map<String, Object> c = container();
    assertThat(list(c, "args")).containsExactly("serve", "--config", "/etc/cdrvault/$(POD_NAME).yaml");
    assertThat(maps(c, "env")).anySatisfy(e -> assertThat(e).containsEntry("name", "POD_NAME")
        .containsEntry("valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name"))));
    int replicas = (Integer) map(only("StatefulSet", "cdrvault"), "spec").get("replicas");
    for (int i = 0; i < replicas; i++) {
      assertThat(map(only("ConfigMap", "cdrvault-config"), "data")).containsKey("cdrvault-" + i + ".yaml");
    }
  }

  // --- helpers

  private String rooted(String yaml) {
    String root = tmp.toAbsolutePath().toString();
    return yaml.replace(" /run/secrets/", " " + root + "/run/secrets/")
        .replace(" /etc/cdrvault/", " " + root + "/etc/cdrvault/")
        .replace(" /var/lib/cdrvault", " " + root + "/var/lib/cdrvault");
  }

  private Path write(String absolute, String content) throws IOException {
    Path p = tmp.resolve(absolute.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static String nodeYaml() {
    return (String) map(only("ConfigMap", "cdrvault-config"), "data").get("cdrvault-0.yaml");
  }

  /** Keys ending in {@code File} or {@code path} (key and trust stores) with their values. */
  private static void collect(String prefix, Map<String, Object> m, List<String> out) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> sub) {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) sub;
        collect(key + ".", s, out);
      } else if ((e.getKey().endsWith("File") || e.getKey().equals("path"))
          && e.getValue() instanceof String v && !v.isBlank()) {
        out.add(key + "=" + v);
      }
    }
  }

  /** Absolute file path → secret name, for every key of every Secret mounted in the container. */
  private static Map<String, String> secretFiles() {
    Map<String, String> volumeToSecret = new HashMap<>();
    for (Map<String, Object> v : maps(podSpec(), "volumes")) {
      Optional.ofNullable(v.get("secret")).ifPresent(s -> volumeToSecret.put((String) v.get("name"),
          (String) ((Map<?, ?>) s).get("secretName")));
    }
    Map<String, String> files = new LinkedHashMap<>();
    mounts().forEach((path, volume) -> {
      String secret = volumeToSecret.get(volume);
      if (secret != null) {
        Map<String, Object> s = only("Secret", secret);
        Map<String, Object> data = new LinkedHashMap<>();
        Optional.ofNullable(s.get("data")).ifPresent(d -> data.putAll(cast(d)));
        Optional.ofNullable(s.get("stringData")).ifPresent(d -> data.putAll(cast(d)));
        assertThat(data).as("Secret %s has keys", secret).isNotEmpty();
        data.keySet().forEach(k -> files.put(path + "/" + k, secret));
      }
    });
    return files;
  }

  /** mountPath → volume name. */
  private static Map<String, String> mounts() {
    Map<String, String> m = new LinkedHashMap<>();
    maps(container(), "volumeMounts").forEach(v -> m.put((String) v.get("mountPath"), (String) v.get("name")));
    return m;
  }

  private static Map<String, Object> podSpec() {
    return map(map(map(only("StatefulSet", "cdrvault"), "spec"), "template"), "spec");
  }

  private static Map<String, Object> container() {
    return maps(podSpec(), "containers").stream().filter(c -> "cdrvault".equals(c.get("name")))
        .findFirst().orElseThrow();
  }

  private static Map<String, Object> only(String kind, String name) {
    List<Map<String, Object>> found = DOCS.stream()
        .filter(d -> kind.equals(d.get("kind")) && java.util.Objects.equals(name, name(d))).toList();
    assertThat(found).as("%s/%s", kind, name).hasSize(1);
    return found.get(0);
  }

  private static String name(Map<String, Object> doc) {
    Object meta = doc.get("metadata");
    return meta == null ? null : (String) ((Map<?, ?>) meta).get("name");
  }

  private static Map<String, Object> map(Map<String, Object> m, String key) {
    assertThat(m).as("has %s", key).containsKey(key);
    return cast(m.get(key));
  }

  private static List<Object> list(Map<String, Object> m, String key) {
    assertThat(m).as("has %s", key).containsKey(key);
    @SuppressWarnings("unchecked")
    List<Object> l = (List<Object>) m.get(key);
    return l;
  }

  private static List<Map<String, Object>> maps(Map<String, Object> m, String key) {
    return list(m, key).stream().map(KubernetesManifestsTest::cast).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }
}
