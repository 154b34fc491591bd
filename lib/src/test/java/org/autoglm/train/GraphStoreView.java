package org.autoglm.train;

import java.util.ArrayList;
import java.util.List;

/** A store's adjacency as lists, for tests outside the package. */
public final class GraphStoreView {
  private GraphStoreView() {}

  /** {@code node}'s neighbours in the store's order (ascending). */
  public static List<Integer> neighbours(GraphStore store, int node) {
    List<Integer> list = new ArrayList<>();
    long from = store.neighbourStart(node);
    for (int k = 0; k < store.degree(node); k++) {
      list.add(store.neighbour(from + k));
    }
    return list;
  }
}
