package org.autoglm.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.autoglm.graph.io.LinqsLocal;
import org.autoglm.train.GraphSnapshot;

/**
 * The shared datasets beside the checkout ({@code ../shared/datasets}, or the system property
 * {@code autoglm.datasets}). Tests that need one skip with a reason when it is absent, unless
 * {@code autoglm.datasets.required=true} (as in CI), where they fail.
 */
public final class TestDatasets {
  private TestDatasets() {}

  /** The Cora folder, or a skipped/failed test when it is not there. */
  public static Path cora() {
    Path root = Path.of(System.getProperty("autoglm.datasets", "../shared/datasets"));
    Path cora = root.resolve("cora").toAbsolutePath().normalize();
    boolean present = Files.isRegularFile(cora.resolve("cora.content"));
    if (!present && Boolean.getBoolean("autoglm.datasets.required")) {
      fail("Cora is required (autoglm.datasets.required=true) but not found at " + cora);
    }
    assumeTrue(
        present,
        "Cora not found at "
            + cora
            + "; skipping. Point -Dautoglm.datasets at the folder that holds cora/.");
    return cora;
  }

  /** Cora as a snapshot, read in plain Java (for trainer tests that need no Spark). */
  public static GraphSnapshot coraSnapshot() {
    return LinqsLocal.read(cora(), "cora");
  }

  /**
   * Cora with the Planetoid split's first {@code perClass} training nodes of each class kept as
   * training nodes and the other training nodes unlabelled: a low label rate, same validation and
   * test nodes.
   */
  public static GraphSnapshot coraSnapshot(int perClass) {
    GraphSnapshot cora = coraSnapshot();
    GraphSnapshot.Builder fewer =
        GraphSnapshot.builder(cora.numNodes(), cora.numFeatures(), cora.classNames());
    int[] kept = new int[cora.numClasses()];
    for (int node = 0; node < cora.numNodes(); node++) {
      GraphSnapshot.Split split = cora.split(node);
      if (split == GraphSnapshot.Split.TRAIN && kept[cora.label(node)]++ >= perClass) {
        split = GraphSnapshot.Split.NONE;
      }
      fewer.addNode(cora.label(node), split, cora.featureColumns(node), cora.featureValues(node));
    }
    for (int e = 0; e < cora.numEdges(); e++) {
      fewer.addEdge(cora.edgeSrc(e), cora.edgeDst(e));
    }
    return fewer.build(cora.fingerprint() + "-" + perClass + "-per-class");
  }
}
