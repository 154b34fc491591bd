package org.autoglm.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * A contextual stochastic block model in memory, for training tests that need more than a toy: a
 * node's few words are drawn from its class's topic with probability {@code signal}, else at
 * random; its edges join its own class with probability {@code homophily}. 10 % train, 20 % val,
 * the rest test.
 */
public final class Csbm {
  private Csbm() {}

  public static GraphSnapshot graph(
      int nodes,
      int classes,
      int features,
      int degree,
      double homophily,
      double signal,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add("c" + c);
    }
    GraphSnapshot.Builder b = GraphSnapshot.builder(nodes, features, names);
    int perTopic = features / classes;
    for (int node = 0; node < nodes; node++) {
      int label = node % classes;
      double share = (double) node / nodes;
      Split split = share < 0.1 ? Split.TRAIN : share < 0.3 ? Split.VAL : Split.TEST;
      int words = 5;
      int[] columns = new int[words];
      float[] values = new float[words];
      for (int w = 0; w < words; w++) {
        columns[w] =
            random.nextDouble() < signal
                ? label * perTopic + random.nextInt(perTopic)
                : random.nextInt(features);
        values[w] = 1f;
      }
      b.addNode(label, split, dedupe(columns), ones(dedupe(columns).length));
    }
    for (int node = 0; node < nodes; node++) {
      for (int e = 0; e < degree / 2; e++) {
        int other;
        if (random.nextDouble() < homophily) {
          other = (random.nextInt(nodes / classes) * classes + node % classes) % nodes;
        } else {
          other = random.nextInt(nodes);
        }
        if (other != node) {
          b.addEdge(node, other);
        }
      }
    }
    return b.build("csbm-" + nodes + "-" + seed);
  }

  private static int[] dedupe(int[] columns) {
    return java.util.Arrays.stream(columns).distinct().sorted().toArray();
  }

  private static float[] ones(int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, 1f);
    return v;
  }
}
