package org.autoglm.testing;

import java.util.List;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * Two rings of 20 nodes. A node's one feature names its ring for 70 % of nodes and the other ring
 * for 30 % (features alone: about 60 % test accuracy); a node's neighbourhood names it by majority.
 */
public final class TwoRings {
  private TwoRings() {}

  public static GraphSnapshot graph() {
    int perRing = 20;
    GraphSnapshot.Builder b = GraphSnapshot.builder(2 * perRing, 3, List.of("left", "right"));
    for (int ring = 0; ring < 2; ring++) {
      for (int i = 0; i < perRing; i++) {
        // Node 3 misleads and trains: fitting it needs the neighbours, for every graph model.
        Split split = i < 2 || i == 3 ? Split.TRAIN : i < 7 ? Split.VAL : Split.TEST;
        boolean misleading = i % 10 == 3 || i % 10 == 7 || i % 10 == 9;
        int feature = misleading ? 1 - ring : ring;
        b.addNode(ring, split, new int[] {feature, 2}, new float[] {1f, 1f});
      }
    }
    for (int ring = 0; ring < 2; ring++) {
      for (int i = 0; i < perRing; i++) {
        int node = ring * perRing + i;
        b.addEdge(node, ring * perRing + (i + 1) % perRing);
        b.addEdge(node, ring * perRing + (i + 2) % perRing);
      }
    }
    return b.build("two-rings");
  }
}
