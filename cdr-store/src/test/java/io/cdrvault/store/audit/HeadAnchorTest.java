package io.cdrvault.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.crypto.ManifestSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadAnchorTest {
  private static final ManifestSigner SIGNER = ManifestSigner.generate();
  private static final String H1 = "11".repeat(32);
  private static final String H2 = "22".repeat(32);

  @TempDir Path dataDir;

  private static AuditCheckpoint cp(long seq, String hash) {
    return AuditCheckpoint.sign(seq, hash, Instant.parse("2024-03-01T12:00:00Z"), SIGNER);
  }

  @Test
  void advanceTo_writesTheCheckpoint_andNeverGoesBackwards() {
    HeadAnchor a = HeadAnchor.in(dataDir);
    assertThat(a.read()).isEmpty();

    a.advanceTo(cp(10, H1));
    a.advanceTo(cp(5, H2));

    assertThat(a.read()).contains(cp(10, H1));
    assertThat(dataDir.resolve(HeadAnchor.FILE_NAME)).exists();
    assertThat(dataDir.resolve(HeadAnchor.FILE_NAME + ".tmp")).doesNotExist();
  }

  @Test
  void snapshot_keepsWhatWasThere_andWritesNothing() {
    HeadAnchor live = HeadAnchor.in(dataDir);
    live.advanceTo(cp(3, H1));
    HeadAnchor snap = HeadAnchor.snapshotOf(dataDir);

    live.advanceTo(cp(7, H2));
    snap.advanceTo(cp(9, H2));

    assertThat(snap.read()).contains(cp(3, H1));
    assertThat(live.read()).contains(cp(7, H2));
  }

  @Test
  void read_ofAFileThatIsNoCheckpoint_failsNamingTheFile() throws Exception {
    Files.writeString(dataDir.resolve(HeadAnchor.FILE_NAME), "{\"seq\":");

    assertThatThrownBy(() -> HeadAnchor.in(dataDir).read())
        .isInstanceOf(HeadAnchor.AnchorUnreadableException.class)
        .hasMessageContaining(HeadAnchor.FILE_NAME).hasMessageContaining("damaged or edited");
  }

  @Test
  void problem_namesTheMissingTail_aReplacedEntry_orNothing() {
    AuditCheckpoint anchor = cp(100, H1);
    Path f = dataDir.resolve(HeadAnchor.FILE_NAME);

    assertThat(HeadAnchor.problem(anchor, f, 70, null, 1))
        .contains("entries 71..100 are missing at the tail").contains(HeadAnchor.FILE_NAME);
    assertThat(HeadAnchor.problem(anchor, f, 120, H2, 1))
        .contains("entry 100 does not have the hash the anchor file");
    assertThat(HeadAnchor.problem(anchor, f, 120, H1, 1)).isNull();
    assertThat(HeadAnchor.problem(anchor, f, 300, null, 200)).as("pruned before the anchor").isNull();
  }
}
